import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from medvirk.common.env import require_field_keys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medvirk.settings")
application = get_wsgi_application()
# No app server without a field-encryption key (payment details, compensation/crypto.py).
require_field_keys(settings.MEDVIRK_FIELD_KEYS)
