"""Rent subsidies, landlord incentives and the one ledger they are paid through (fen)."""
