"""Signals of the bottom of the stack, sent by any app and heard by a higher one.

``personal_data_exported(sender, user, programme, what, rows)``: a coordinator or staff
exported personal data (the pairs of a programme as CSV or .xlsx, candidates from the command
line...). ``user`` is who exported (None from the command line), ``programme`` the programme or
None, ``what`` a short code of what was exported ("pairs.csv"), ``rows`` how many rows. The
rights app writes it to the export log (``rights.receivers``) that staff read.
"""

from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

personal_data_exported = Signal()

# What each ``what`` of the signal is, as the export log names it. An export sending another code
# shows by its code: add it here.
EXPORT_KINDS = {
    "pairs.csv": _("The pairs (CSV)"),
    "pairs.xlsx": _("The pairs (Excel)"),
    "pairs.csv (command)": _("The pairs (CSV, command line)"),
    "candidates.csv (command)": _("The allowed pairs and their scores (CSV, command line)"),
}
