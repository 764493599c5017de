"""Events of the subsidies plugin that other plugins may listen to.

Both are sent inside the step's transaction, so what a receiver writes (the
grants in billing, the notices) is kept or undone with the step itself: a
receiver that fails undoes the step. A receiver that reaches outside the
database (e-mail, a queue) defers that to ``transaction.on_commit``.
"""

from django.dispatch import Signal

#: Any recorded step of an application. Arguments: ``application``, ``transition``.
application_moved = Signal()

#: The office approved an application: ``application`` holds the decision's
#: number, period and monthly amounts per service.
subsidy_decided = Signal()
