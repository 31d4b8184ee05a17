"""Signed links of distribution (kernel.links): the click redirect of the links in a mail. The
token names the distribution, the URL it leads to and, only where the office turned
per-recipient tracking on, the delivery. The redirect goes to the signed URL and nowhere else
(no open redirect); a tampered token answers 404."""

from kernel.links import link_purpose_register

CLICK = "distribution.click"


def _distribution(pk):
    from .models import Distribution

    return Distribution.objects.filter(pk=pk).only("pk").first()


link_purpose_register(
    CLICK, salt="distribution.click.v1", url_name="distribution:click", resolve=_distribution
)
