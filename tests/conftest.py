"""Fixtures shared by the whole suite: one organisation and one persona per role.

The personas are the suite's base test case: every view test signs in as the
people who must pass and asserts the exact 404 or 403 for those who must not.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from kasudesk.accounts.models import Industry, Membership, Organization, Role, Site, SiteKind, User

# Playwright runs its own event loop in the test thread; Django must allow ORM
# calls from it while a live server runs.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared, for tests that measure on its data; skipped where absent."""
    path = Path(os.environ.get("KASUDESK_SHARED_DIR", Path(__file__).parents[1] / ".." / "shared"))
    if not (path / "spec").is_dir():
        pytest.skip(f"shared data not found at {path} (set KASUDESK_SHARED_DIR)")
    return path.resolve()


@dataclass
class World:
    organization: Organization
    store: Site
    call_centre: Site
    head_office: Site
    other_organization: Organization
    other_site: Site
    staff: User
    manager: User
    desk: User
    counsel: User
    executive: User
    auditor: User
    admin: User
    outsider: User
    other_staff: User
    call_centre_staff: User

    def persona(self, name: str) -> User:
        user: User = getattr(self, name)
        return user


PERSONAS = ("staff", "manager", "desk", "counsel", "executive", "auditor", "admin", "outsider")


def make_user(username: str, last: str, first: str) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        last_name=last,
        first_name=first,
        email=f"{username}@example.jp",
    )
    return user


@pytest.fixture
def world(db: None) -> World:
    org = Organization.objects.create(name="テスト商事株式会社", industry=Industry.RETAIL)
    store = Site.objects.create(
        organization=org,
        name="新宿店",
        kind=SiteKind.STORE,
        prefecture="東京都",
        industry=Industry.RETAIL,
    )
    call_centre = Site.objects.create(
        organization=org,
        name="大阪コールセンター",
        kind=SiteKind.CALL_CENTRE,
        prefecture="大阪府",
        industry=Industry.CALL_CENTRE,
    )
    head_office = Site.objects.create(
        organization=org,
        name="本社",
        kind=SiteKind.OFFICE,
        prefecture="東京都",
        industry=Industry.RETAIL,
    )
    other_org = Organization.objects.create(name="別会社株式会社", industry=Industry.FINANCE)
    other_site = Site.objects.create(
        organization=other_org,
        name="梅田支店",
        kind=SiteKind.BRANCH,
        prefecture="大阪府",
        industry=Industry.FINANCE,
    )
    people = {
        "staff": ("staff", "佐藤", "花子", Role.STAFF, store),
        "manager": ("manager", "鈴木", "一郎", Role.MANAGER, store),
        "desk": ("desk", "高橋", "美咲", Role.DESK, None),
        "counsel": ("counsel", "田中", "健", Role.COUNSEL, None),
        "executive": ("executive", "伊藤", "誠", Role.EXECUTIVE, None),
        "auditor": ("auditor", "渡辺", "直子", Role.AUDITOR, None),
        "admin": ("admin", "山本", "翔", Role.ADMIN, None),
        "call_centre_staff": ("cc_staff", "中村", "愛", Role.STAFF, call_centre),
    }
    users: dict[str, User] = {}
    for key, (username, last, first, role, site) in people.items():
        user = make_user(username, last, first)
        Membership.objects.create(user=user, organization=org, site=site, role=role)
        users[key] = user
    outsider = make_user("outsider", "小林", "大輔")
    other_staff = make_user("other_staff", "加藤", "さくら")
    Membership.objects.create(
        user=other_staff, organization=other_org, site=other_site, role=Role.STAFF
    )
    return World(
        organization=org,
        store=store,
        call_centre=call_centre,
        head_office=head_office,
        other_organization=other_org,
        other_site=other_site,
        outsider=outsider,
        other_staff=other_staff,
        **users,
    )
