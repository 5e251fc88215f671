"""The eight PRO SOS partners of the demo (services/reporting/projects/
pro-sos.json) and their workers (pseudonyms).

The seeds give no PRO SOS figures: the pool sizes are invented, sized to
each partner's part in the project (seeds 003: Koske's and Socom's
multi-professional needs assessment and Verso's social rehabilitation
measure more; Vasso's social reporting and SONetBOTNIA's regional work go
out more; Chydenius, a university centre, works on a small scale)."""
from deploy.demo.partners import Partner

TARGETS = {"clients": None, "workers": None}  # PRO SOS set no reach targets

PARTNERS = {
    "chydenius": Partner("chydenius", "Chydenius", range(1, 4), range(2, 5), 0),
    "koske": Partner("koske", "Koske", range(1, 6), range(4, 11), 3),
    "pikassos": Partner("pikassos", "Pikassos", range(1, 8), range(6, 10), 3),
    "socom": Partner("socom", "Socom", range(1, 7), range(5, 11), 3),
    "sonetbotnia": Partner("sonetbotnia", "SONetBOTNIA", range(1, 8), range(5, 10), 3),
    "verso": Partner("verso", "Verso", range(1, 5), range(3, 10), 4),
    "vasso": Partner("vasso", "Vasso", range(1, 9), range(7, 9), 3),
    "socca": Partner("socca", "Socca", range(1, 6), range(4, 7), 4),
}
