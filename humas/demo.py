"""Indonesian demo data for development. Each app may add a `demo.py` with
`seed(*, org, users, stdout)`; they are called in the order of DEMO_APPS."""

import importlib

from kernel.roles import KEPALA, PPID, SEKRETARIS, STAF

# Development passwords only: printed by the run command, never used in production.
DEMO_USERS = [
    ("kepala", "Kepala Humas Demo", "Drs. Bambang Sutrisno, M.Si.", KEPALA, "kepala-humas-2026"),
    ("sekretaris", "Sekretaris Pers Demo", "Rina Wulandari, S.Sos.", SEKRETARIS, "sekretaris-pers-2026"),
    ("staf", "Staf Humas Demo", "Andi Pratama", STAF, "staf-humas-2026"),
    ("ppid", "PPID Demo", "Siti Rahmawati, S.H.", PPID, "ppid-demo-2026"),
]
DEMO_APPS = ["contacts", "releases", "conferences", "crises", "publicinfo"]
# Development only: the demo's authenticator keys (hex, as django-otp stores them), so a demo can
# sign in as the roles that need a second factor. `python3 dev.py totp kepala` prints the code;
# or add the base32 key the sign-in page would show to any authenticator app.
DEMO_TOTP_KEYS = {
    "kepala": "3132333435363738393031323334353637383930",
    "sekretaris": "3837363534333231303938373635343332313039",
}


def demo_seeded():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username="kepala").exists()


def demo_seed(stdout=None):
    # Imported here: the launcher reads DEMO_USERS before Django is set up.
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import transaction

    from kernel.models import OrganisationProfile
    from kernel.roles import roles_sync

    with transaction.atomic():
        return _demo_seed(get_user_model(), Group, OrganisationProfile, roles_sync, stdout)


def _demo_seed(User, Group, OrganisationProfile, roles_sync, stdout):
    roles_sync()
    OrganisationProfile.objects.update_or_create(
        pk=OrganisationProfile.SINGLETON_PK,
        defaults={
            "name": "Pemerintah Kota Nusantara",
            "short_name": "Pemkot Nusantara",
            "unit_name": "Bagian Hubungan Masyarakat dan Protokol",
            "address": "Jl. Merdeka No. 1\nNusantara 10110",
            "phone": "+62 21 555 0101",
            "email": "humas@nusantara.go.id",
            "website": "https://nusantara.go.id",
            "release_number_pattern": "{seq:03d}/HUMAS/{year}",
        },
    )
    users = {}
    for username, _label, full_name, role, password in DEMO_USERS:
        first, _sep, last = full_name.partition(" ")
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@nusantara.go.id"},
        )
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(Group.objects.get(name=role))
        if username in DEMO_TOTP_KEYS:
            from django_otp.plugins.otp_totp.models import TOTPDevice

            TOTPDevice.objects.get_or_create(
                user=user, confirmed=True, defaults={"name": "Demo", "key": DEMO_TOTP_KEYS[username]}
            )
        if role == KEPALA and not user.is_staff:
            user.is_staff = True  # manages users and roles in Django's admin
            user.save(update_fields=["is_staff"])
        users[role] = user
    org = OrganisationProfile.objects.get(pk=OrganisationProfile.SINGLETON_PK)
    for app in DEMO_APPS:
        try:
            module = importlib.import_module(f"{app}.demo")
        except ModuleNotFoundError:
            continue
        module.seed(org=org, users=users, stdout=stdout)
    return users
