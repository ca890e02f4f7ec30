"""Background work for the directory. Thin: look up, call the domain."""

from django_tasks import task

from medvirk.directory.domain import campaigns


@task(queue_name="mail")
def send_campaign_invitation(recipient_id: int) -> str:
    """Mail one campaign recipient their personal link."""
    return str(campaigns.send_invitation(recipient_id).state)
