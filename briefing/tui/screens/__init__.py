"""Screens of the reader: the main screen and the modal dialogs (help, tags, notes, confirm)."""
