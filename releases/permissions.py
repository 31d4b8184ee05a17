"""Which permissions each role holds for releases ("app_label.codename"); merged by kernel.roles.

The services check these again (a hidden button is not a rule): see releases/services.py."""

from kernel.roles import KEPALA, PPID, SEKRETARIS, STAF

ROLE_PERMISSIONS = {
    STAF: [
        "releases.view_release",
        "releases.add_release",
        "releases.change_release",
        "releases.submit_release",
        "releases.view_category",
        "releases.view_tag",
        "releases.add_tag",
    ],
    SEKRETARIS: [
        "releases.view_release",
        "releases.add_release",
        "releases.change_release",
        "releases.submit_release",
        "releases.view_category",
        "releases.view_tag",
        "releases.add_tag",
        "releases.approve_release",
        "releases.publish_release",
        "releases.withdraw_release",
        "releases.add_category",
        "releases.change_category",
    ],
    KEPALA: [
        "releases.view_release",
        "releases.add_release",
        "releases.change_release",
        "releases.submit_release",
        "releases.view_category",
        "releases.view_tag",
        "releases.add_tag",
        "releases.approve_release",
        "releases.publish_release",
        "releases.withdraw_release",
        "releases.add_category",
        "releases.change_category",
        "releases.unpublish_release",
        "releases.change_tag",
        "releases.delete_tag",
        "releases.delete_category",
    ],
    PPID: [],
}
