import type { Locale } from '@ecotone/protocol';

/**
 * Demo post bodies by space and language. A body is reused at most a few
 * times, each time with a different follow-up line, so the feed reads as
 * people talking rather than lorem ipsum.
 */
export type Texts = Partial<Record<Locale, readonly string[]>>;

export const SPACE_TEXTS: Readonly<Record<string, Texts>> = {
  general: {
    en: [
      'Welcome to everyone who joined us this month! Say hello below and tell us which site you are on.',
      '**Lunch & learn on Thursday:** Priya will explain how our oncology pipeline moves from target to candidate. Bring your questions.',
      'Reminder: the annual engagement survey closes on Friday. It takes ten minutes and it is anonymous. [Take the survey](https://example.org/survey)',
      'Three things I learned at the leadership offsite:\n\n- clear beats clever\n- write it down\n- celebrate small wins',
      'Our new expense tool goes live next week. The **quick start guide** is here: https://example.org/expenses/guide',
      'Does anyone have a good recommendation for a podcast about the history of medicine?',
    ],
    fr: [
      'Bienvenue aux nouveaux arrivants de ce mois ! N’hésitez pas à vous présenter en commentaire.',
      'Le **baromètre interne** est en ligne jusqu’à vendredi. Dix minutes suffisent et vos réponses restent anonymes.',
      'Merci à toutes les équipes pour la journée portes ouvertes : plus de 400 visiteurs et de très beaux échanges.',
      'Quelqu’un aurait-il un bon livre à recommander sur la conduite du changement ?',
      'Petit rappel : les **formations sécurité** obligatoires sont à terminer avant la fin du mois. [Catalogue](https://example.org/formations)',
      'Trois idées retenues du séminaire des managers :\n\n- écouter avant de décider\n- écrire ce qu’on décide\n- fêter les petites victoires',
    ],
    de: [
      'Herzlich willkommen an alle, die diesen Monat bei uns angefangen haben! Stellt euch gerne kurz vor.',
      'Die **Mitarbeiterbefragung** läuft noch bis Freitag. Sie dauert zehn Minuten und ist anonym.',
      'Danke an alle, die beim Tag der offenen Tür mitgeholfen haben. Über 400 Gäste – ein toller Erfolg!',
      'Kann jemand ein gutes Buch über Projektmanagement in der Forschung empfehlen?',
      'Kurze Erinnerung: Die **Pflichtschulungen** zur Informationssicherheit bitte bis Monatsende abschließen. [Übersicht](https://example.org/schulungen)',
      'Drei Erkenntnisse aus unserem Führungsworkshop:\n\n- zuhören vor entscheiden\n- Entscheidungen aufschreiben\n- kleine Erfolge feiern',
    ],
  },
  announcements: {
    en: [
      '**New travel policy** from 1 March: rail is the default for trips under five hours. Details: https://example.org/policies/travel',
      'We are proud to announce that our Cambridge laboratory has received its **ISO 15189 accreditation**.',
      'The company-wide town hall takes place on the 15th at 16:00 CET. Questions can be submitted in advance here: https://example.org/townhall',
    ],
    fr: [
      '**Nouvelle politique de déplacements** au 1er mars : le train devient la règle pour les trajets de moins de cinq heures.',
      'Nous avons le plaisir d’annoncer l’ouverture du **nouveau bâtiment de bioproduction** à Lyon au printemps.',
      'La réunion plénière aura lieu le 15 à 16 h. Envoyez vos questions à l’avance : https://example.org/pleniere',
    ],
    de: [
      '**Neue Reiserichtlinie** ab 1. März: Bei Reisen unter fünf Stunden ist die Bahn die Regel.',
      'Wir freuen uns, die **Erweiterung unseres Basler Labors** bekannt zu geben. Der Umbau beginnt im April.',
      'Die Betriebsversammlung findet am 15. um 16 Uhr statt. Fragen können vorab eingereicht werden: https://example.org/versammlung',
    ],
  },
  'lyon-site': {
    fr: [
      'La cantine propose un **menu végétarien** tous les mardis à partir de la semaine prochaine.',
      'Travaux sur le parking B du 4 au 8 : merci de vous garer sur le parking visiteurs.',
      'Qui est partant pour une course solidaire le long du Rhône samedi matin ? Départ 9 h devant le bâtiment A.',
      'Le distributeur de café du 2e étage est réparé ! Merci à l’équipe des services généraux.',
      'Rappel : **exercice d’évacuation** jeudi à 10 h 30. Point de rassemblement : parking A.',
      'Nouveau sur le site : un local à vélos sécurisé avec bornes de recharge. Badge nécessaire.',
      'La salle Confluence est réservée toute la journée de mardi pour l’audit qualité.',
      'Le club photo expose ses clichés dans le hall jusqu’à la fin du mois. Allez voir, c’est superbe.',
      'Collecte de jouets pour les Restos du Cœur : les cartons sont à l’accueil jusqu’au 20.',
      'Quelqu’un a trouvé un badge au nom de *M. Petit* près de la salle de pause ?',
      'Les navettes depuis la gare Part-Dieu changent d’horaire :\n\n- départ 7 h 40\n- départ 8 h 10\n- retour 17 h 30',
      'Atelier **gestes et postures** ouvert à tous mercredi midi, inscriptions sur https://example.org/lyon/ateliers',
    ],
  },
  'basel-site': {
    de: [
      'Die Kantine bietet ab nächster Woche jeden Dienstag ein **vegetarisches Menü** an.',
      'Vom 4. bis 8. wird die Tiefgarage saniert. Bitte nutzt in dieser Zeit den Besucherparkplatz.',
      'Wer kommt mit zum Firmenlauf am Rhein? Anmeldung bis Freitag bei Anna.',
      'Der Kaffeeautomat im 3. Stock funktioniert wieder – danke an das Facility-Team!',
      'Erinnerung: **Evakuierungsübung** am Donnerstag um 10:30 Uhr. Sammelplatz ist der Innenhof.',
      'Neu am Standort: abschliessbare Veloboxen mit Ladestationen. Zugang mit dem Badge.',
      'Der Sitzungsraum Rheinsprung ist am Dienstag wegen des Audits ganztägig belegt.',
      'Unsere Fotogruppe stellt bis Monatsende im Foyer aus. Ein Besuch lohnt sich!',
      'Spendenaktion für die Winterhilfe: Die Sammelboxen stehen bis zum 20. am Empfang.',
      'Hat jemand einen Badge auf den Namen *Frau Huber* gefunden? Er lag wohl in der Cafeteria.',
      'Die Shuttlebusse ab Bahnhof SBB fahren ab Montag zu neuen Zeiten:\n\n- 7:40 Uhr\n- 8:10 Uhr\n- Rückfahrt 17:30 Uhr',
      'Kurs **Ergonomie am Arbeitsplatz** am Mittwochmittag, Anmeldung unter https://example.org/basel/kurse',
    ],
  },
  'cambridge-site': {
    en: [
      'The canteen will serve a **vegetarian menu** every Tuesday from next week.',
      'Car park C is being resurfaced from the 4th to the 8th. Please use the visitor spaces meanwhile.',
      'Who fancies a charity run along the Cam on Saturday morning? We meet at 9:00 by the main entrance.',
      'The coffee machine on the second floor is fixed! Thanks to the facilities team.',
      'Reminder: **fire drill** on Thursday at 10:30. Assembly point is the front lawn.',
      'New on campus: secure bike shelters with e-bike charging. Badge access only.',
      'The Babbage room is booked all day Tuesday for the quality audit.',
      'The photography club is exhibiting in the atrium until the end of the month. Well worth a look.',
      'Toy drive for the children’s hospital: boxes are at reception until the 20th.',
      'Has anyone found a badge belonging to *Dr Patel*? Probably left in the café.',
      'Shuttle times from the station change on Monday:\n\n- 7:40\n- 8:10\n- return 17:30',
      'Friday seminar: **“Single-cell sequencing in practice”**, 14:00 in the lecture theatre. Abstract: https://example.org/cambridge/seminars',
    ],
  },
  'rnd-oncology': {
    en: [
      '**Study ONC-214 update:** enrolment reached 80% of target. Site Basel leads recruitment this quarter.',
      'Interesting preprint on resistance mechanisms to KRAS inhibitors: https://example.org/papers/kras-resistance',
      'Please log all sample transfers between sites in the tracker by Friday. [Tracker](https://example.org/lims/transfers)',
      'Journal club next week:\n\n1. tumour microenvironment review\n2. ctDNA as an early endpoint\n3. open discussion',
    ],
    de: [
      'Kurzes Update aus Basel: Die **Validierung des neuen Assays** ist abgeschlossen, der Bericht folgt.',
      'Die Probenlogistik nach Cambridge läuft ab nächster Woche über den neuen Kurierdienst.',
      'Hat jemand Erfahrung mit dem neuen Durchflusszytometer? Wir suchen Tipps zur Kalibrierung.',
    ],
    fr: [
      'Les résultats de **stabilité à six mois** sont conformes. Le rapport complet est dans le dossier partagé.',
      'Lyon peut accueillir deux stagiaires supplémentaires pour l’analyse des biomarqueurs cet été.',
      'Article intéressant sur les organoïdes tumoraux : https://example.org/articles/organoides',
    ],
  },
  'security-watch': {
    fr: [
      '**Campagne d’hameçonnage en cours** : des faux courriels de livraison imitent notre transporteur. Ne cliquez pas, signalez-les.',
      'Correctif critique publié pour le VPN : déploiement sur tous les postes ce soir. Détails : https://example.org/secu/vpn-patch',
      'Rappel des règles :\n\n- pas de clé USB personnelle\n- verrouiller sa session\n- signaler tout incident',
      'Synthèse de la veille du mois : trois vulnérabilités concernent nos fournisseurs, aucune exploitée chez nous.',
    ],
    de: [
      'Auffällige Anmeldeversuche auf dem Gäste-WLAN in Basel – wir beobachten das und melden uns.',
      'Die **Zwei-Faktor-Pflicht** für externe Zugänge gilt ab Montag für alle Standorte.',
    ],
    en: [
      'Reviewed the new LIMS vendor’s pentest report: two medium findings, both fixed. Summary: https://example.org/sec/lims-review',
      'Heads-up: a **typosquatted domain** resembling ours was registered yesterday. Takedown request is in progress.',
      'Cambridge badge readers get new firmware on Wednesday night; expect a short outage around 23:00.',
    ],
  },
};

/** Second lines that make a reused body a distinct post. */
export const FOLLOW_UPS: Readonly<Record<Locale, readonly string[]>> = {
  en: [
    'Thanks to everyone who helped!',
    'Questions welcome in the comments.',
    'More details next week.',
    'Please share with your teams.',
    'Update: the date is confirmed.',
    'Feedback so far has been great.',
  ],
  fr: [
    'Merci à toutes celles et ceux qui ont aidé !',
    'Vos questions sont les bienvenues en commentaire.',
    'Plus de détails la semaine prochaine.',
    'N’hésitez pas à relayer auprès de vos équipes.',
    'Mise à jour : la date est confirmée.',
    'Les premiers retours sont excellents.',
  ],
  de: [
    'Danke an alle, die mitgeholfen haben!',
    'Fragen gerne in den Kommentaren.',
    'Mehr Details folgen nächste Woche.',
    'Bitte gebt das an eure Teams weiter.',
    'Update: Der Termin steht fest.',
    'Die ersten Rückmeldungen sind sehr positiv.',
  ],
};
