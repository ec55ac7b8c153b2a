-- HermesX content parts: a user message with images, audio or files keeps every part, in order, as
-- JSON ([{"Type":"image","MediaType":"image/png","Data":"<base64>"}, {"Type":"text","Text":"..."}]);
-- content keeps the text of its text parts, so titles and search read it as before. Null for
-- messages that are text alone.

ALTER TABLE messages ADD COLUMN parts jsonb;
