"""The online referral: a journey of question pages, saved as a draft, sent as a referral."""
