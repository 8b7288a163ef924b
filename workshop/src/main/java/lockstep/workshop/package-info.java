package lockstep.workshop;
