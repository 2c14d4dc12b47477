import pytest
from django.contrib.auth import authenticate, get_user_model
from django.db import IntegrityError

User = get_user_model()


@pytest.mark.django_db
def test_the_email_is_the_login_and_is_stored_normalised():
    user = User.objects.create_user("  Claire.Martin@Exemple.FR ", "un-mot-de-passe-42")
    assert user.email == "claire.martin@exemple.fr"
    assert User.USERNAME_FIELD == "email"
    assert authenticate(email="CLAIRE.martin@exemple.fr", password="un-mot-de-passe-42") == user


@pytest.mark.django_db
def test_two_accounts_cannot_share_an_email_whatever_its_case():
    User.objects.create_user("claire@exemple.fr")
    with pytest.raises(IntegrityError):
        User.objects.create_user("CLAIRE@Exemple.fr")


@pytest.mark.django_db
def test_an_account_saved_without_the_manager_is_normalised_too():
    user = User.objects.create(email="Julien@Exemple.FR")
    assert user.email == "julien@exemple.fr"
    with pytest.raises(IntegrityError):
        User.objects.create(email="julien@EXEMPLE.fr")


@pytest.mark.django_db
def test_the_database_refuses_a_duplicate_written_around_save():
    User.objects.create_user("sophie@exemple.fr")
    other = User.objects.create_user("autre@exemple.fr")
    with pytest.raises(IntegrityError):
        User.objects.filter(pk=other.pk).update(email="SOPHIE@exemple.fr")


@pytest.mark.django_db
def test_an_email_is_required():
    with pytest.raises(ValueError):
        User.objects.create_user("")


@pytest.mark.django_db
def test_create_superuser_makes_platform_staff_with_every_permission():
    admin = User.objects.create_superuser("admin@exemple.fr", "un-mot-de-passe-42")
    assert admin.is_staff and admin.is_superuser and admin.is_active
    assert admin.check_password("un-mot-de-passe-42")
    assert admin.has_perm("accounts.change_user")


@pytest.mark.django_db
def test_a_person_is_named_by_their_name_or_else_their_email():
    named = User.objects.create_user("claire@exemple.fr", first_name="Claire", last_name="Martin")
    anonymous = User.objects.create_user("sans-nom@exemple.fr")
    assert str(named) == "Claire Martin"
    assert named.get_short_name() == "Claire"
    assert str(anonymous) == "sans-nom@exemple.fr"
    assert anonymous.get_short_name() == "sans-nom@exemple.fr"


@pytest.mark.django_db
def test_a_new_person_speaks_french_by_default():
    assert User.objects.create_user("nouveau@exemple.fr").language == "fr"
