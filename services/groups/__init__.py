"""Group work (ryhmätoiminnot): groups, participants, sessions, surveys, feedback."""
