"""Reminders the app sends itself (email, Web Push): settings, the delivery records that make
each (night, kind) go out at most once, the signed one-tap links, and the worker's tasks."""
