"""Hold-out check of report correlation: an independent labelled generator and its scoring.

See ``generator.py`` for the distributions and ``__main__.py`` for the command.
"""
