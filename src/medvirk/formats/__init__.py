"""Medvirk's date formats per language (``FORMAT_MODULE_PATH``).

Every date and time a person reads goes through one of these names, in templates as
``{{ value|date:"SHORT_DATE_FORMAT" }}`` and in Python as
:func:`medvirk.common.dates.format_date`; nothing else writes a date pattern. The names:

``DATE_FORMAT``             7. desember 2026 / 7 December 2026
``SHORT_DATE_FORMAT``       07.12.2026 / 7 Dec 2026 (tables, lists, sentences)
``DATETIME_FORMAT``         7. desember 2026 14:30
``SHORT_DATETIME_FORMAT``   07.12.2026 14:30
``TIME_FORMAT``             14:30 (24 hours in every language)
``WEEKDAY_DATE_FORMAT``     mandag 7. desember 2026 / Monday 7 December 2026
``WEEKDAY_DATETIME_FORMAT`` mandag 7. desember 2026 14:30

The two ``WEEKDAY_`` names are Medvirk's own: Django's ``get_format`` reads any name from
these modules, so each language module must define them (a test checks it). Attributes a
module leaves out (input formats, separators) fall through to Django's locale formats.
"""
