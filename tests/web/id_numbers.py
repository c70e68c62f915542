"""Well-formed document numbers of every type, for tests (the check digit computed)."""

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def with_check_digit(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


#: 2023 permanent-residence card: 9, issuing province 31, nationality 840, born 1988-04-12.
PERMANENT_NEW = with_check_digit("93184019880412001")
PERMANENT_OLD = "USA310880412001"
HONG_KONG_PERMIT = with_check_digit("81000019900101002")
TAIWAN_PERMIT = with_check_digit("83000019851231003")
PASSPORT = "E12345678"
