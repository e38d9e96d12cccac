"""Suite-wide fixtures: fast password hashing, and the A/B/C test world."""

import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    from cmcc.core.testing import make_world

    return make_world()
