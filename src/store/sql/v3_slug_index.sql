-- Migration 3: finding who holds a slug (checked for each piece that is scheduled, published or
-- imported as published) looked at every piece; this index makes it one lookup.
CREATE INDEX piece_going_out_slug ON piece (slug) WHERE stage IN ('scheduled', 'published');
