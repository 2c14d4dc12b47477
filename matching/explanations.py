"""French (translatable) sentences for the engine's codes: criteria, unmatched, issues."""


def describe_criterion(criterion: dict, *, names: dict[int, str] | None = None) -> str:
    """One sentence explaining a criterion of a pair's score (Criterion.as_dict())."""
    raise NotImplementedError


def describe_unmatched(code: str, params: dict, *, names: dict[int, str] | None = None) -> str:
    """Why a mentee is unmatched, telling the coordinator whom to recruit."""
    raise NotImplementedError


def describe_issue(code: str, params: dict, *, names: dict[int, str] | None = None) -> str:
    """An input issue of a run (blocking or warning)."""
    raise NotImplementedError


def describe_violation(code: str, params: dict, *, names: dict[int, str] | None = None) -> str:
    """A hard constraint a pair breaks."""
    raise NotImplementedError
