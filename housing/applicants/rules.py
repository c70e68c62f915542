"""The rules an application's values must meet, as pure functions.

The wizard, the API and reported changes pass values through here, so a rule is written
once and says the same thing everywhere. Nothing here touches the database: the caller
hands in what it has loaded (the district's employers, today's date).
"""

#: Who may be in the household besides the applicant.
RELATIONS = ("spouse", "child", "parent", "other")
#: People in one household, the applicant included (the applications table CHECKs it too).
MAX_HOUSEHOLD = 8
MAX_MEMBERS = MAX_HOUSEHOLD - 1
