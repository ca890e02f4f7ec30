"""Nynorsk date formats (Django's ``nn`` formats plus Medvirk's weekday formats)."""

DATE_FORMAT = "j. F Y"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "j. F Y H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
TIME_FORMAT = "H:i"
WEEKDAY_DATE_FORMAT = "l j. F Y"
WEEKDAY_DATETIME_FORMAT = "l j. F Y H:i"
