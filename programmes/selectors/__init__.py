"""Reads of the programmes app that span several relations, split by domain like the services:
``recruitment`` (applications, enrolment), ``setup`` (organisations, coordination) and ``phases``
(what a phase change does, the figures of the programme's page). No other
app reads them, so nothing is re-exported here: import the module you need."""
