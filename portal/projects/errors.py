"""The one error type pages catch for projects: something a person can fix, said in plain words."""

from __future__ import annotations


class ProjectError(ValueError):
    """`messages` lists each thing to fix (one or many); str() joins them."""

    def __init__(self, *messages: str):
        super().__init__(" ".join(messages))
        self.messages = list(messages)
