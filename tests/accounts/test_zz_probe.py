import pytest
from tests.factories import UserFactory
@pytest.mark.django_db
def test_probe(client) -> None:
    client.force_login(UserFactory())
    r = client.get("/konto/logout/")
    print(r.status_code)
