"""Reads of the programmes app that span several relations, split by domain like the services:
``recruitment`` (applications, enrolment) and ``setup`` (organisations, coordination). No other
app reads them, so nothing is re-exported here: import the module you need."""
