"""Easy read: pictures beside each idea, and the checks that keep the writing easy."""
