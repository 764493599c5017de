"""Events of the subsidies plugin that other plugins may listen to.

Both are sent once the step's transaction has committed, so a receiver never
sees a step that was rolled back.
"""

from django.dispatch import Signal

#: Any recorded step of an application. Arguments: ``application``, ``transition``.
application_moved = Signal()

#: The office approved an application: ``application`` holds the decision's
#: number, period and monthly amounts per service.
subsidy_decided = Signal()
