"""Every write of experience gathering: calls (calls.py), answers, withdrawal,
moderation and retention (answers.py); themes and cases from themes (themes.py,
cases.py)."""
