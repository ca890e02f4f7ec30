"""The outbox's domain: writing mail rows (``outbox``) and delivering them (``delivery``)."""
