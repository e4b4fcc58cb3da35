"""Where things stand, for the family and the referrer, through a private link in every email
we send them: received, being looked at, on the register (the colour in easy words, the next
review, what we agreed). And answering the team's request for more information through the
link in that email, the answer kept with the referral."""
