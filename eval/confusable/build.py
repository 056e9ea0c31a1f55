import json
R = []
def r(id, source, date, lang, title, text):
    R.append({"id": id, "source": source, "date": date, "lang": lang, "title": title, "text": text.strip()})

# E1 — earthquake near Antofagasta, Chile, 3 March 2031
r("quake-ant-1", "Harbour Ledger", "2031-03-03T11:20:00Z", "en", "Magnitude 6.4 earthquake kills 12 in northern Chile",
"""A magnitude 6.4 earthquake struck off the coast of northern Chile early on Monday, killing at least 12 people and injuring around 300 in and around the port city of Antofagasta.

The quake hit at 4:12 am local time at a depth of 40 kilometres, Chile's National Seismological Center said. A tsunami warning for the coast between Tocopilla and Taltal was lifted two hours later.

Interior Minister Rodrigo Salvatierra said rescue teams were searching two collapsed apartment blocks in the city centre. "We will not stop until every building has been checked," he told reporters.

The operator of the La Sierpe copper mine halted work to inspect its tunnels.""")
r("quake-ant-2", "Diario del Pacífico", "2031-03-03T09:05:00-03:00", "es", "Sismo de magnitud 6,4 deja al menos 12 muertos en Antofagasta",
"""Un sismo de magnitud 6,4 sacudió la madrugada de este lunes la región de Antofagasta y dejó al menos 12 muertos y cerca de 300 heridos, según el balance del Ministerio del Interior.

El Centro Sismológico Nacional situó el epicentro frente a la costa, a 40 kilómetros de profundidad. El movimiento se registró a las 4.12 horas.

El ministro Rodrigo Salvatierra confirmó que dos edificios de departamentos se derrumbaron en el centro de Antofagasta. La alerta de tsunami entre Tocopilla y Taltal fue levantada poco después. La minera La Sierpe suspendió sus faenas.""")
r("quake-ant-3", "Meridian Post", "2031-03-04T07:45:00Z", "en", "Chile quake death toll rises to 14 as rescuers search rubble in Antofagasta",
"""The number of people killed by Monday's earthquake in the Antofagasta region of Chile has risen to 14, the Interior Ministry said on Tuesday, after rescuers recovered two more bodies from a collapsed block of flats.

More than 310 people were treated for injuries. Minister Rodrigo Salvatierra said 1,200 homes had been declared uninhabitable and that the government would release emergency funds for the region.

The 6.4-magnitude quake struck offshore before dawn. Dozens of aftershocks have followed, the strongest of magnitude 5.1.""")
r("quake-ant-4", "Rheinblatt", "2031-03-04T06:30:00+01:00", "de", "Erdbeben in Chile: Mindestens zwölf Tote in Antofagasta",
"""Bei einem Erdbeben der Stärke 6,4 im Norden Chiles sind mindestens zwölf Menschen ums Leben gekommen. Rund 300 Menschen wurden verletzt, wie Innenminister Rodrigo Salvatierra mitteilte.

Das Beben ereignete sich nach Angaben des Nationalen Seismologischen Zentrums in 40 Kilometern Tiefe vor der Küste von Antofagasta. In der Hafenstadt stürzten zwei Wohnhäuser ein. Eine Tsunamiwarnung wurde nach zwei Stunden aufgehoben. Die Kupfermine La Sierpe stellte den Betrieb vorübergehend ein.""")

# E2 — earthquake near Valdivia, Chile, 19 March 2031
r("quake-val-1", "Harbour Ledger", "2031-03-19T16:10:00Z", "en", "Earthquake in southern Chile cuts power to 20,000 homes",
"""A magnitude 5.8 earthquake shook southern Chile on Wednesday, cutting power to about 20,000 homes in and around Valdivia and injuring three people, officials said. No deaths were reported.

The National Seismological Center said the quake struck inland at a depth of 95 kilometres, 30 kilometres east of Valdivia. No tsunami warning was issued.

Interior Minister Rodrigo Salvatierra, who is still coordinating the recovery from this month's deadly quake in the north, said the electricity network would be fully restored by the evening.""")
r("quake-val-2", "Diario del Pacífico", "2031-03-19T13:40:00-03:00", "es", "Temblor de magnitud 5,8 en Los Ríos deja sin luz a 20.000 hogares",
"""Un temblor de magnitud 5,8 se registró este miércoles en la región de Los Ríos, con epicentro 30 kilómetros al este de Valdivia y a 95 kilómetros de profundidad, informó el Centro Sismológico Nacional.

Unas 20.000 viviendas quedaron sin suministro eléctrico y tres personas resultaron con heridas leves. No se reportaron víctimas fatales ni daños estructurales mayores en Valdivia.

El ministro del Interior, Rodrigo Salvatierra, descartó riesgo de tsunami.""")
r("quake-val-3", "Coastal Wire", "2031-03-20T08:00:00Z", "en", "Valdivia counts minor damage after 5.8 tremor",
"""Residents of Valdivia spent Thursday clearing fallen plaster and broken windows after a 5.8-magnitude tremor struck the Los Ríos region the previous afternoon.

Power has returned to all but a few hundred of the 20,000 homes that lost it. Three people were treated for minor injuries. The regional governor said two schools would stay closed while engineers inspected them.

Seismologists said the quake was not connected to the offshore earthquake that killed 14 people near Antofagasta, 2,000 kilometres to the north, earlier this month.""")

# E3 — Ferrantes and Hartwig sign a hydrogen pipeline deal in Berlin, 5 May 2031
r("berlin-deal-1", "Meridian Post", "2031-05-05T15:30:00Z", "en", "Portugal and Germany sign €2.4 billion hydrogen corridor deal",
"""Portuguese Prime Minister Tomás Ferrantes and German Chancellor Lena Hartwig signed an agreement in Berlin on Monday to build the Atlantic Hydrogen Corridor, a €2.4 billion pipeline meant to carry green hydrogen from Sines to southern Germany by 2036.

"This corridor ties the sun of the Atlantic coast to the factories of Bavaria," Hartwig said at a joint news conference at the Chancellery.

Ferrantes said Portugal would double its electrolyser capacity to supply the pipeline. France and Spain, whose territory the pipeline would cross, are expected to join the agreement in the autumn.""")
r("berlin-deal-2", "Rheinblatt", "2031-05-05T17:00:00+02:00", "de", "Hartwig und Ferrantes unterzeichnen Wasserstoff-Abkommen",
"""Bundeskanzlerin Lena Hartwig und der portugiesische Ministerpräsident Tomás Ferrantes haben am Montag in Berlin ein Abkommen über den Atlantischen Wasserstoffkorridor unterzeichnet. Die Leitung soll ab 2036 grünen Wasserstoff von Sines nach Süddeutschland transportieren und rund 2,4 Milliarden Euro kosten.

Hartwig sprach im Kanzleramt von einem „Meilenstein für die Industrie“. Ferrantes kündigte an, Portugal werde die Kapazität seiner Elektrolyseure verdoppeln. Frankreich und Spanien sollen im Herbst beitreten.""")
r("berlin-deal-3", "Coastal Wire", "2031-05-06T09:15:00Z", "en", "Ferrantes hails hydrogen pact after Berlin talks",
"""Tomás Ferrantes returned to Lisbon on Tuesday praising the hydrogen pipeline agreement he signed with Chancellor Hartwig in Berlin the day before, calling it "the largest energy investment in Portugal's history".

The pact commits both governments to the €2.4 billion Atlantic Hydrogen Corridor from the port of Sines. Critics in Portugal's parliament questioned whether enough wind and solar power could be built in time to make the hydrogen.""")
r("berlin-deal-4", "Le Quotidien du Rhône", "2031-05-06T07:00:00+02:00", "fr", "Berlin et Lisbonne s'accordent sur un corridor de l'hydrogène",
"""La chancelière allemande Lena Hartwig et le Premier ministre portugais Tomás Ferrantes ont signé lundi à Berlin un accord pour construire le Corridor atlantique de l'hydrogène, un pipeline de 2,4 milliards d'euros reliant Sines au sud de l'Allemagne d'ici 2036.

La France et l'Espagne, dont le territoire serait traversé, doivent se joindre à l'accord à l'automne. Ferrantes a promis de doubler la capacité portugaise d'électrolyse.""")

# E4 — EU summit in Brussels, Ferrantes and Hartwig clash over migration, 27 May 2031
r("brussels-summit-1", "Meridian Post", "2031-05-27T21:00:00Z", "en", "EU leaders split over migration quotas at Brussels summit",
"""European Union leaders ended a summit in Brussels on Tuesday without agreeing on how to share asylum seekers, after Portugal's Tomás Ferrantes and Germany's Lena Hartwig clashed over a proposed quota system.

Ferrantes demanded that every member state take a fixed share of arrivals, while Hartwig backed a plan letting countries pay €20,000 per person instead. "Solidarity cannot be bought by the head," Ferrantes told reporters as he left the meeting.

Summit chair Karel Novotný said talks would resume in June.""")
r("brussels-summit-2", "Rheinblatt", "2031-05-28T08:00:00+02:00", "de", "EU-Gipfel ohne Einigung in der Migrationsfrage",
"""Der EU-Gipfel in Brüssel ist ohne Einigung über die Verteilung von Asylsuchenden zu Ende gegangen. Kanzlerin Lena Hartwig verteidigte das Modell, nach dem Staaten statt der Aufnahme 20.000 Euro pro Person zahlen können.

Portugals Regierungschef Tomás Ferrantes lehnte das ab und forderte feste Quoten. Gipfelchef Karel Novotný kündigte weitere Gespräche im Juni an.""")
r("brussels-summit-3", "Coastal Wire", "2031-05-28T10:30:00Z", "en", "Ferrantes and Hartwig, allies on hydrogen, fall out over asylum",
"""Three weeks after signing a hydrogen pipeline pact in Berlin, Portugal's prime minister and the German chancellor found themselves on opposite sides at the Brussels summit.

Tomás Ferrantes insisted on binding quotas for sharing asylum seekers; Lena Hartwig defended the option of paying €20,000 per person not taken in. Diplomats said the summit chair, Karel Novotný, would present a compromise before the June meeting.""")

# E5 — Hartwig visits flooded Grimma, Saxony, 8 May 2031
r("saxony-floods-1", "Meridian Post", "2031-05-08T14:00:00Z", "en", "Hartwig promises €500 million for flood-hit Saxony",
"""German Chancellor Lena Hartwig promised €500 million in emergency aid on Thursday as she toured the flooded town of Grimma in Saxony, where the Mulde river burst its banks after three days of heavy rain.

Two people have died and about 4,000 have been evacuated from their homes. Hartwig, wearing rubber boots, spoke with volunteers filling sandbags in the old town. "No one here will be left alone with the damage," she said.""")
r("saxony-floods-2", "Rheinblatt", "2031-05-08T16:20:00+02:00", "de", "Kanzlerin Hartwig besucht Hochwassergebiet in Grimma",
"""Bundeskanzlerin Lena Hartwig hat am Donnerstag die vom Hochwasser der Mulde getroffene Stadt Grimma in Sachsen besucht und 500 Millionen Euro Soforthilfe zugesagt.

Zwei Menschen kamen ums Leben, rund 4.000 Einwohner mussten ihre Häuser verlassen. Hartwig dankte den Helferinnen und Helfern, die in der Altstadt Sandsäcke füllten.""")
r("saxony-floods-3", "Coastal Wire", None, "en", "Grimma begins clean-up as Mulde recedes",
"""The Mulde river began to fall in Grimma on Friday, a day after Chancellor Lena Hartwig visited the Saxon town and pledged €500 million in aid. Residents returned to find mud a metre deep in ground-floor shops.

Officials said about 4,000 people had been evacuated and two had died in the floods across the district. Insurers estimate the damage at more than €1 billion.""")

# E6 — league match, FC Rivermouth 3-1 Castleford United, 10 February 2031
r("league-match-1", "Harbour Ledger", "2031-02-10T22:00:00Z", "en", "Deluca double sends Rivermouth top after 3-1 win over Castleford",
"""Marco Deluca scored twice as FC Rivermouth beat Castleford United 3-1 at Harbour Park on Monday night to go top of the league.

Deluca headed in the opener after 12 minutes and added a second from the penalty spot before half-time. Castleford pulled one back through Jonas Brekke, but Sam Okafor sealed the win in stoppage time.

"We were brave with the ball," Rivermouth coach Elena Marsh said. The two sides meet again next week in the cup.""")
r("league-match-2", "Coastal Wire", "2031-02-11T08:30:00Z", "en", "Rivermouth 3 Castleford United 1: five things we learned",
"""Marco Deluca's two goals took his league tally to 17 and Rivermouth to the top of the table after a 3-1 win over Castleford United at Harbour Park.

Jonas Brekke's header briefly made it 2-1 before Sam Okafor's late strike. Elena Marsh's side have now won six league games in a row, and face Castleford again in the cup quarter-final on Monday.""")
r("league-match-3", "Le Quotidien du Rhône", "2031-02-11T07:00:00+01:00", "fr", "Rivermouth prend la tête grâce à un doublé de Deluca",
"""Le FC Rivermouth a battu Castleford United 3-1 lundi soir à Harbour Park et prend la tête du championnat. Marco Deluca a inscrit un doublé, dont un penalty, avant que Jonas Brekke ne réduise le score pour Castleford. Sam Okafor a scellé la victoire dans le temps additionnel.""")

# E7 — cup quarter-final, Castleford United 2-0 FC Rivermouth, 17 February 2031
r("cup-match-1", "Harbour Ledger", "2031-02-17T22:10:00Z", "en", "Castleford knock Rivermouth out of the cup as Deluca misses penalty",
"""Castleford United took revenge for last week's league defeat by knocking FC Rivermouth out of the cup with a 2-0 win in the quarter-final at Castleford on Monday.

Jonas Brekke scored both goals, the second a volley in the 81st minute. Rivermouth's Marco Deluca had a penalty saved by goalkeeper Tom Ashby when the score was 1-0.

"It hurts, but the league is what matters," Rivermouth coach Elena Marsh said.""")
r("cup-match-2", "Coastal Wire", "2031-02-18T09:00:00Z", "en", "Brekke double ends Rivermouth's cup run",
"""Jonas Brekke's two goals gave Castleford United a 2-0 cup quarter-final win over FC Rivermouth, a week after the same sides met in the league.

Tom Ashby saved Marco Deluca's second-half penalty. Castleford will play the semi-final in April.""")
r("cup-match-3", "Diario del Pacífico", "2031-02-18T06:00:00-03:00", "es", "Castleford elimina al Rivermouth de la copa",
"""El Castleford United venció 2-0 al FC Rivermouth en los cuartos de final de la copa con dos goles de Jonas Brekke. El portero Tom Ashby le detuvo un penalti a Marco Deluca. Castleford jugará las semifinales en abril.""")

# E8 — Norvik Motors recalls electric cars over battery fires, 2 April 2031
r("norvik-recall-1", "Meridian Post", "2031-04-02T10:00:00Z", "en", "Norvik Motors recalls 120,000 electric cars over battery fire risk",
"""Norvik Motors is recalling 120,000 of its E5 electric cars worldwide after 14 vehicles caught fire while charging, the Oslo-based carmaker said on Wednesday.

A faulty cooling plate in the battery pack can let cells overheat, the company said. Owners have been told to charge to no more than 80 percent until their cars are repaired.

Chief executive Pia Lindqvist apologised to customers. "Safety comes before every other consideration," she said. Norvik shares fell 7 percent in Oslo.""")
r("norvik-recall-2", "Rheinblatt", "2031-04-02T14:00:00+02:00", "de", "Norvik ruft 120.000 Elektroautos zurück",
"""Der norwegische Autohersteller Norvik Motors ruft weltweit 120.000 Fahrzeuge des Modells E5 zurück. Nach 14 Bränden beim Laden sieht das Unternehmen einen Fehler an der Kühlplatte des Akkus.

Konzernchefin Pia Lindqvist entschuldigte sich bei den Kunden. Besitzer sollen bis zur Reparatur nur bis 80 Prozent laden. Die Aktie verlor in Oslo sieben Prozent.""")
r("norvik-recall-3", "Le Quotidien du Rhône", "2031-04-03T08:00:00+02:00", "fr", "Norvik rappelle 120 000 voitures électriques",
"""Le constructeur norvégien Norvik Motors rappelle 120 000 voitures électriques E5 dans le monde après 14 incendies survenus pendant la recharge. Une plaque de refroidissement défectueuse serait en cause. La directrice générale Pia Lindqvist a présenté ses excuses aux clients.""")
r("norvik-recall-4", "Coastal Wire", "2031-04-03T12:00:00Z", "en", "Norvik recall: what E5 owners need to know",
"""Norvik Motors says about 118,000 E5 cars need a new battery cooling plate after a string of charging fires. Owners will receive a letter within four weeks; the repair takes about three hours at a dealer.

Until then the company advises charging to 80 percent at most. Norvik has confirmed 14 fires and no injuries.""")

# E9 — Norvik chief executive Pia Lindqvist resigns, 9 April 2031
r("norvik-ceo-1", "Meridian Post", "2031-04-09T09:30:00Z", "en", "Norvik chief executive Pia Lindqvist steps down after battery recall",
"""Pia Lindqvist resigned as chief executive of Norvik Motors on Wednesday, a week after the carmaker recalled 120,000 electric cars over battery fires.

The board named finance director Anders Holm interim chief executive while it searches for a successor. "The company needs a fresh start," Lindqvist said in a statement. Norvik shares rose 4 percent in Oslo after the announcement.""")
r("norvik-ceo-2", "Coastal Wire", "2031-04-10T07:15:00Z", "en", "Anders Holm takes the wheel at Norvik",
"""Anders Holm, Norvik Motors' finance director since 2027, took over as interim chief executive on Thursday following Pia Lindqvist's resignation.

Holm told staff his first task would be to repair trust after the E5 recall. Analysts said investors welcomed the change: the shares gained 4 percent on Wednesday.""")
r("norvik-ceo-3", "Rheinblatt", "2031-04-09T15:00:00+02:00", "de", "Norvik-Chefin Lindqvist tritt zurück",
"""Pia Lindqvist ist als Vorstandschefin von Norvik Motors zurückgetreten. Eine Woche nach dem Rückruf von 120.000 Elektroautos übernimmt Finanzvorstand Anders Holm die Führung übergangsweise. Die Aktie stieg in Oslo um vier Prozent.""")

# E10 — Norwegian central bank raises its rate, 3 April 2031
r("norges-rate-1", "Meridian Post", "2031-04-03T10:30:00Z", "en", "Norway's central bank raises rate to 3.75 percent",
"""Norges Bank raised its policy rate by a quarter point to 3.75 percent on Thursday, saying inflation in Norway had stayed above target for longer than expected.

Governor Ingrid Solberg-Moe said another increase in June was likely. The krone strengthened against the euro after the announcement.""")
r("norges-rate-2", "Coastal Wire", "2031-04-03T13:00:00Z", "en", "Krone climbs as Norges Bank lifts rates",
"""The Norwegian krone rose to a four-month high on Thursday after Norges Bank increased its key rate to 3.75 percent from 3.5 percent.

Governor Ingrid Solberg-Moe said the bank would "act again if needed" to bring inflation back to 2 percent.""")

# E11 — forest fire near Valdivia, 20 January 2031
r("valdivia-fire-1", "Harbour Ledger", "2031-01-20T19:00:00Z", "en", "Forest fire forces evacuations near Valdivia",
"""A forest fire burning through pine plantations south of Valdivia forced the evacuation of 600 people on Monday, Chile's forestry agency said.

More than 2,500 hectares have burned. Firefighting planes were sent from Santiago, and the government declared a state of emergency in the Los Ríos region.""")
r("valdivia-fire-2", "Diario del Pacífico", "2031-01-21T08:00:00-03:00", "es", "Incendio forestal obliga a evacuar a 600 personas en Los Ríos",
"""Un incendio forestal que afecta plantaciones de pino al sur de Valdivia obligó a evacuar a 600 personas, informó la Corporación Nacional Forestal. Ya se han quemado más de 2.500 hectáreas y el gobierno decretó estado de emergencia en la región de Los Ríos.""")

with open("reports.jsonl", "w") as f:
    for x in R:
        f.write(json.dumps(x, ensure_ascii=False) + "\n")
label = lambda id: id.rsplit("-", 1)[0]
with open("../confusable.story.gold", "w") as f:
    for x in R:
        f.write(f"{x['id']}\t{label(x['id'])}\n")
print(len(R), len(set(label(x['id']) for x in R)))
