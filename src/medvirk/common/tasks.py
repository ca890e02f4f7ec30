from typing import Any

from django.conf import settings
from django.core.mail import get_connection
from django_tasks import task

from medvirk.common.mail import deserialise


@task(queue_name="mail")
def deliver_email(payload: dict[str, Any]) -> int:
    """Deliver one serialised message through the real delivery backend."""
    connection = get_connection(settings.MEDVIRK_EMAIL_DELIVERY_BACKEND, fail_silently=False)
    return connection.send_messages([deserialise(payload)]) or 0
