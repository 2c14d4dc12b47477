import pytest

ADMIN_PAGES = [
    "/admin/programmes/programme/",
    "/admin/programmes/organisation/",
    "/admin/programmes/membership/",
    "/admin/programmes/application/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_staff_open_the_programmes_admin_in_french(client, personas, path):
    personas.staff.is_superuser = True
    personas.staff.save()
    client.force_login(personas.staff)
    response = client.get(path)
    assert response.status_code == 200
    assert "Sélectionnez" in response.content.decode()


@pytest.mark.django_db
def test_staff_open_a_programme_in_the_admin(client, personas):
    personas.staff.is_superuser = True
    personas.staff.save()
    client.force_login(personas.staff)
    response = client.get(f"/admin/programmes/programme/{personas.programme.pk}/change/")
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["coordinator", "referent", "mentor", "mentee", "outsider"])
def test_nobody_but_staff_opens_the_programmes_admin(client, personas, persona):
    client.force_login(getattr(personas, persona))
    # The admin sends them to its login, which refuses a logged-in person who is not staff.
    response = client.get("/admin/programmes/programme/", follow=True)
    assert response.status_code == 403
