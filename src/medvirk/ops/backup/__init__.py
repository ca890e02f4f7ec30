"""Backup and restore of the database and the uploaded files (docs/operations-backup.md).

``archive.create_backup`` writes one dated archive; ``archive.restore_backup`` loads it
into an empty database and media folder and verifies it against its manifest.
"""
