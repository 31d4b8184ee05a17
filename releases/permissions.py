"""Permission codenames of releases as constants, and which of them each role holds (merged by
kernel.roles). Code names a permission by its constant, never by a string typed again.

The services check these again (a hidden button is not a rule): see releases/workflows.py."""

from kernel.roles import KEPALA, PPID, SEKRETARIS, STAF

VIEW_RELEASE = "releases.view_release"
ADD_RELEASE = "releases.add_release"
CHANGE_RELEASE = "releases.change_release"
SUBMIT_RELEASE = "releases.submit_release"
APPROVE_RELEASE = "releases.approve_release"
PUBLISH_RELEASE = "releases.publish_release"
WITHDRAW_RELEASE = "releases.withdraw_release"
UNPUBLISH_RELEASE = "releases.unpublish_release"
# Publishing ahead of an embargo or a schedule (a reason is required): the head of the office only.
FORCE_PUBLISH_RELEASE = "releases.force_publish_release"
VIEW_CATEGORY = "releases.view_category"
ADD_CATEGORY = "releases.add_category"
CHANGE_CATEGORY = "releases.change_category"
DELETE_CATEGORY = "releases.delete_category"
VIEW_TAG = "releases.view_tag"
ADD_TAG = "releases.add_tag"
CHANGE_TAG = "releases.change_tag"
DELETE_TAG = "releases.delete_tag"

_STAF = [
    VIEW_RELEASE,
    ADD_RELEASE,
    CHANGE_RELEASE,
    SUBMIT_RELEASE,
    VIEW_CATEGORY,
    VIEW_TAG,
    ADD_TAG,
]
_SEKRETARIS = [
    *_STAF,
    APPROVE_RELEASE,
    PUBLISH_RELEASE,
    WITHDRAW_RELEASE,
    ADD_CATEGORY,
    CHANGE_CATEGORY,
]
_KEPALA = [
    *_SEKRETARIS,
    UNPUBLISH_RELEASE,
    FORCE_PUBLISH_RELEASE,
    CHANGE_TAG,
    DELETE_TAG,
    DELETE_CATEGORY,
]

ROLE_PERMISSIONS = {STAF: _STAF, SEKRETARIS: _SEKRETARIS, KEPALA: _KEPALA, PPID: []}
