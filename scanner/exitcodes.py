"""Exit codes, as the design fixes them."""

EXIT_OK = 0  # no failing finding
EXIT_FAIL = 1  # at least one failing finding
EXIT_USAGE = 2  # usage error or unreadable input
EXIT_INCOMPLETE = 3  # the scan ran but was incomplete, and nothing failed
