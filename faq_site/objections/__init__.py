"""Objections to an announced sub-processor: made by a customer from the register's page,
acknowledged by email, listed in the panel until answered."""
