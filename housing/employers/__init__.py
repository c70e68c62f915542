"""Employers: HR accounts that confirm employment, recommend staff and report departures."""
