"""The benchmark: seed data, a bare app to compare with, and the run that measures both servers."""
