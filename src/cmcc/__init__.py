"""cmcc — the platform a Civil-Military Coordination Center runs on."""

__version__ = "0.1.0"
