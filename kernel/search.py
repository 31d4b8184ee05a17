"""Full-text search helpers shared by every kind the public search reads.

One text-search configuration for every stored vector and every query against it: a vector built
with one configuration and queried with another silently matches nothing for stemmed words."""

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models

SEARCH_CONFIG = "indonesian"


def weighted_vector(*fields):
    """`weighted_vector(("title", "A"), ("body", "C"))`: the expression of a stored tsvector."""
    expression = None
    for name, weight in fields:
        part = SearchVector(name, weight=weight, config=SEARCH_CONFIG)
        expression = part if expression is None else expression + part
    return expression


def search_vector_field(*fields):
    """A tsvector column PostgreSQL keeps itself (GENERATED ALWAYS ... STORED): no service, bulk
    update or import can leave it stale, and no write path has to remember it."""
    return models.GeneratedField(
        expression=weighted_vector(*fields),
        output_field=SearchVectorField(),
        db_persist=True,
        editable=False,
    )
