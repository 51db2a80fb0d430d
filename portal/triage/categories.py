"""The mapping table: other cities' SeeClickFix categories → the portal's (Boston 311) service types.

Why a table: the training data comes from New Haven, Newport and Georgia, whose category sets
differ from Boston's and from each other. The shipped model learns Boston type names so that its
suggestions are service types the portal files reports under.

How it was made (by hand, reading samples of each category's descriptions):
- each portal type is a real Boston 311 TYPE with the SUBJECT, REASON and Department it carries
  most often in the 2015 export (`../shared/data/boston311/`). Types marked `in_demo=False` are
  among the five large types missing from that snapshot (its README's known gaps) or absent from
  it; their subject, reason and department follow the sibling types of the same reason, so the
  report form can create the `ServiceType` when a resident picks one;
- a category mixing unrelated matters ("Other", police matters, private utility companies,
  health complaints ranging from rats to noise) maps to None: its rows are left out of the shipped
  model rather than teaching it a catch-all. New Haven's "Other - city responsibility" is one: its
  rows are dead animals, flooding, hydrants, graffiti, jets, school doors; mapped to "Public Works
  General Request" it taught that type everything, and on a validation split of the training rows
  only half of them were ranked first as that type anyway;
- several categories may share one type (Boston's types are both finer and coarser in places).
"""

from __future__ import annotations

from dataclasses import dataclass

PWD = "Public Works Department"
BTD = "Transportation - Traffic Division"
PARKS = "Parks & Recreation Department"
ISD = "Inspectional Services"
BWSC = "Boston Water & Sewer Commission"
HOTLINE = "Mayor's 24 Hour Hotline"


@dataclass(frozen=True)
class PortalType:
    """A Boston service type as the portal stores it: subject › reason › name, and the department queue."""

    name: str
    subject: str
    reason: str
    department: str
    in_demo: bool = True


PORTAL_TYPES: tuple[PortalType, ...] = (
    PortalType("Request for Pothole Repair", PWD, "Highway Maintenance", "PWDx", in_demo=False),
    PortalType("Roadway Repair", PWD, "Highway Maintenance", "PWDx"),
    PortalType("Sidewalk Repair", PWD, "Highway Maintenance", "PWDx"),
    PortalType("Street Light Outages", PWD, "Street Lights", "PWDx"),
    PortalType("Missed Trash/Recycling/Yard Waste/Bulk Item", PWD, "Sanitation", "PWDx", in_demo=False),
    PortalType("Request for Recycling Cart", PWD, "Recycling", "PWDx"),
    PortalType("Requests for Street Cleaning", PWD, "Street Cleaning", "PWDx", in_demo=False),
    PortalType("Request for Snow Plowing", PWD, "Street Cleaning", "PWDx", in_demo=False),
    PortalType("Public Works General Request", PWD, "Administrative & General Requests", "PWDx"),
    PortalType("Sign Repair", BTD, "Signs & Signals", "BTDT"),
    # Two spaces, as Boston's data writes it (the comma of "New Sign, Crosswalk…" was dropped).
    PortalType("New Sign  Crosswalk or Pavement Marking", BTD, "Signs & Signals", "BTDT"),
    PortalType("Traffic Signal Repair", BTD, "Signs & Signals", "BTDT"),
    PortalType("General Traffic Engineering Request", BTD, "Traffic Management & Engineering", "BTDT"),
    PortalType("Parking Enforcement", BTD, "Enforcement & Abandoned Vehicles", "BTDT", in_demo=False),
    PortalType("Parking Meter Repairs", BTD, "Operations", "BTDT"),
    PortalType("Bicycle Issues", BTD, "Boston Bikes", "BTDT"),
    PortalType("Tree Maintenance Requests", PARKS, "Trees", "PARK"),
    PortalType("Parks General Request", PARKS, "Administrative & General Requests", "PARK"),
    PortalType("Equipment Repair", PARKS, "Park Maintenance & Safety", "PARK"),
    PortalType("Graffiti Removal", "Property Management", "Graffiti", "PROP"),
    PortalType("Illegal Dumping", ISD, "Code Enforcement", "PWDx"),
    PortalType("Poor Conditions of Property", ISD, "Code Enforcement", "INFO"),
    PortalType("Illegal Posting of Signs", ISD, "Code Enforcement", "BTDT"),
    PortalType("Abandoned Building", ISD, "Environmental Services", "ISD"),
    PortalType("Catchbasin", BWSC, "Catchbasin", "BWSC"),
    PortalType("Fire Hydrant", BWSC, "Fire Hydrant", "BWSC"),
    PortalType("BWSC General Request", BWSC, "Administrative & General Requests", "BWSC"),
    PortalType("Billing Complaint", BWSC, "Billing", "BWSC"),
    PortalType("Animal Generic Request", "Animal Control", "Animal Issues", "INFO"),
    PortalType("General Comments For An Employee", HOTLINE, "Employee & General Comments", "PWDx"),
)

# city → its category → portal type name (None: left out of the shipped model, see the docstring).
CITY_CATEGORIES: dict[str, dict[str, str | None]] = {
    "newhaven": {
        "Potholes": "Request for Pothole Repair",
        "Street Lamp": "Street Light Outages",
        "Signs / Bus Shelters / Pavement Markings": "Sign Repair",
        "Traffic Signal / Pedestrian Signal": "Traffic Signal Repair",
        "Traffic/Road Safety": "General Traffic Engineering Request",
        "Parking Violation/Abandoned Auto": "Parking Enforcement",
        "Parking Meter": "Parking Meter Repairs",
        "Sidewalks and Curb damage": "Sidewalk Repair",
        "Repairs": "Sidewalk Repair",  # almost all trip-and-fall claims on sidewalks
        "Tree Trimming": "Tree Maintenance Requests",
        "Hangers": "Tree Maintenance Requests",  # broken limbs hanging in trees
        "Graffiti": "Graffiti Removal",
        "Illegal Dumping": "Illegal Dumping",
        "Trash & Recycling": "Missed Trash/Recycling/Yard Waste/Bulk Item",
        "Bins for Trash & Recycling": "Request for Recycling Cart",
        "Street Sweeping": "Requests for Street Cleaning",
        "Public Space, Streets and Drains": "Public Works General Request",
        "Other - city responsibility": None,  # a catch-all, see the docstring
        "Parks Request": "Parks General Request",
        "Private Property Issue": "Poor Conditions of Property",
        "Other": None,
        "Policing Issue": None,
        "Health Complaints": None,
    },
    "newport": {
        "Pothole Issue": "Request for Pothole Repair",
        "Roadway or Sidewalk Issue": "Roadway Repair",
        "Street Light Issue": "Street Light Outages",
        "Traffic Sign/Pavement Marking Issue": "Sign Repair",
        "Missed Trash or Bulky Waste Collection": "Missed Trash/Recycling/Yard Waste/Bulk Item",
        "Snow Issue": "Request for Snow Plowing",
        "Storm Drain": "Catchbasin",
        "Tree or Vegetation Issue": "Tree Maintenance Requests",
        "Graffiti Issue": "Graffiti Removal",
        "Recreation Facility, Sports Field or Park Issue": "Parks General Request",
        "Cliff Walk Issue": "Parks General Request",
        "Beach Issue": "Parks General Request",
        "Public Restroom Issue": "Parks General Request",
        "Playground Issue": "Equipment Repair",
        "Thank a City Employee": "General Comments For An Employee",
        "Other": None,
    },
    "georgia": {
        "Pothole/paving": "Request for Pothole Repair",
        "Street lighting": "Street Light Outages",
        "Signage": "Sign Repair",
        "Lane markings": "New Sign  Crosswalk or Pavement Marking",
        "Crosswalk": "New Sign  Crosswalk or Pavement Marking",
        "Traffic": "Traffic Signal Repair",  # mostly requests for new or adjusted signals
        "Parking": "Parking Enforcement",
        "Bicycle": "Bicycle Issues",
        "Sidewalk": "Sidewalk Repair",
        "Tree": "Tree Maintenance Requests",
        "Garbage": "Missed Trash/Recycling/Yard Waste/Bulk Item",
        "Dumping/debris": "Illegal Dumping",
        "Street cleaning": "Requests for Street Cleaning",
        "Water/sewage system": "BWSC General Request",
        "Ditch cleaning": "Catchbasin",
        "Fire hydrant": "Fire Hydrant",
        "Billing": "Billing Complaint",
        "Overgrowth": "Poor Conditions of Property",  # mostly overgrown yards and lots
        "Code violation": "Poor Conditions of Property",
        "Illegal sign": "Illegal Posting of Signs",
        "Vacant/Delapidated": "Abandoned Building",
        "Parks": "Parks General Request",
        "Animal": "Animal Generic Request",
        "Utilities": None,  # private utility companies' poles and lids
        "Illegal activity": None,
        "Nuisance": None,
        "Homeless": None,
        "Mail": None,
        "Other": None,
    },
}

_BY_NAME = {portal_type.name: portal_type for portal_type in PORTAL_TYPES}


def portal_type(name: str) -> PortalType | None:
    """The subject, reason and department to create a suggested type with; None for a name not in the table
    (a type learned from staff corrections is one the portal already has)."""
    return _BY_NAME.get(name)


def mapped_type(city: str, category: str) -> str | None:
    """The portal type for one city's category; None when it has none or the category is unknown."""
    return CITY_CATEGORIES[city].get(category)
