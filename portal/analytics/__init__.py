"""The city dashboard's numbers: channels, neighborhood areas, daily counts and response times."""
