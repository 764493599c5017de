"""The failure a crash test plants in one step of an operation."""


class PlantedError(Exception):
    """Raised where a test kills an operation; nothing else raises it."""


def crash(*args, **kwargs):
    raise PlantedError("planted")
