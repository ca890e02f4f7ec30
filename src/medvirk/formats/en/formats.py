"""English date formats: day before month as written in Europe ("7 December 2026",
"7 Dec 2026") and a 24-hour clock, instead of Django's American ``en`` defaults."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATETIME_FORMAT = "j M Y H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
WEEKDAY_DATE_FORMAT = "l j F Y"
WEEKDAY_DATETIME_FORMAT = "l j F Y H:i"

# What a typed date may look like (the admin's text fields; the site's own forms use the
# browser's date picker): ISO or day first, never Django's American month first.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d.%m.%y", "%d/%m/%y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d",
    "%d.%m.%Y",
    "%d/%m/%Y",
]
