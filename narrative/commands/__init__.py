"""Command groups of the CLI; each module registers its commands on the app."""
