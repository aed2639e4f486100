"""The goals a chat serves, by id, and their titles."""

from __future__ import annotations

# Titles for the goals the shipped banks serve; a goal id a user invents is
# shown through ``goal_title`` instead.
GOAL_TITLES = {
    "explore-role": "Learn about a role I might try",
    "understand-team": "Learn how a department or team works",
    "applying-for-role": "Learn about a role I am applying for",
    "break-into-industry": "Break into an industry / change careers",
    "path-and-advice": "Hear their path and advice",
    "closing": "Thank them and get another name (always included)",
}


def goal_title(goal_id: str) -> str:
    """A readable title for any goal id."""
    return GOAL_TITLES.get(goal_id) or goal_id.replace("-", " ").replace("_", " ").capitalize()
