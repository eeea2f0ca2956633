"""English hard cases: vocabulary the rules once missed, and look-alikes they must leave alone.

Each phenomenon is pinned with the words a signal must highlight, next to
counter-examples a customer-care desk sees every day: profanity about a
product or a situation, self-deprecation, lawful remedies, and words that
only look like slurs (gobbledygook, a garden hoe, British "fags" for
cigarettes). Runs on the rule layer alone (``rules_only``), so a retrained
model cannot move these expectations.
"""

from __future__ import annotations

import pytest

from kasudesk.screening import screen

pytestmark = pytest.mark.usefixtures("rules_only")

THRESHOLD = 0.5

# (text, behavior, the exact words the signal must highlight); each is flagged.
FLAGGED = [
    # refusing or judging staff for their origin (written for this project)
    ("Mexicans are lazy, get me someone else", "discrimination", "Mexicans are lazy"),
    ("Don't make me come over there", "threat", "Don't make me come over there"),
    (
        "I'm going to leave a review naming you personally",
        "online_defamation",
        "review naming you",
    ),
    (
        "I do not want a foreign guy handling my account",
        "discrimination",
        "do not want a foreign guy handling",
    ),
    # threats: more verbs, group objects, passive and wished harm
    (
        "I will torture those people at the counter until you pay.",
        "threat",
        "I will torture those people",
    ),
    ("Keep this up and I'll fuck you up.", "threat", "I'll fuck you up"),
    ("Somebody should beat his ass.", "threat", "beat his ass"),
    ("Say that again and you'll get slapped in the face.", "threat", "slapped in the face"),
    ("I'll put you in a cardboard box.", "threat", "I'll put you in a cardboard box"),
    ("Y'all should be fucking shot for this delay.", "threat", "Y'all should be fucking shot"),
    ("May you rot in your call centre.", "threat", "May you rot"),
    ("We should hang all those traitors.", "threat", "hang all those traitors"),
    ("Trans people should be shot.", "threat", "Trans people should be shot"),
    ("I'll rip your fucking head off.", "threat", "rip your fucking head off"),
    ("I'll put a bullet in your head.", "threat", "put a bullet in your"),
    ("You're going to die tonight.", "threat", "You're going to die"),
    # discrimination: group attacks, slur spellings, gendered slurs
    ("Mexicans should be sent back, not served.", "discrimination", "Mexicans should be sent back"),
    ("I am sick of foreigners in this shop.", "discrimination", "sick of foreigners"),
    ("f*ck the immigrants in your queue", "discrimination", "f*ck the immigrants"),
    ("Hurry up, you smelly foreigner.", "discrimination", "smelly foreigner"),
    ("Get the f*ck out of England, mate.", "discrimination", "Get the f*ck out of England"),
    ("Go back to where you came from.", "discrimination", "back to where you came from"),
    ("some broke niggah at the till", "discrimination", "niggah"),
    ("The lesbo behind the desk ignored me.", "discrimination", "lesbo"),
    ("Get your porch monkey manager.", "discrimination", "porch monkey"),
    ("Trans people should be shot.", "discrimination", "Trans people should be shot"),
    ("You stupid bitch, fix my order.", "discrimination", "bitch"),
    # verbal abuse
    (
        "Fuck every single one of you at head office.",
        "verbal_abuse",
        "Fuck every single one of you",
    ),
    ("Nope, f\u2014 him and his coupon.", "verbal_abuse", "f\u2014 him"),
    ("fuck your mother", "verbal_abuse", "fuck your mother"),
    (
        "Get it through your thick skull, I want a refund.",
        "verbal_abuse",
        "Get it through your thick skull",
    ),
    ("fix my bill, you dumb hoe", "verbal_abuse", "you dumb hoe"),
    ("You waste of space.", "verbal_abuse", "waste of space"),
    # sexual conduct
    ("Come here and suck my big dick.", "sexual_conduct", "suck my big dick"),
    ("I could bang you in the stockroom.", "sexual_conduct", "I could bang you"),
    ("Spread your legs for me.", "sexual_conduct", "Spread your legs"),
    ("Let me see that pussy of yours.", "sexual_conduct", "pussy"),
    ("Strip for me and I will pay.", "sexual_conduct", "Strip for me"),
    # written for this project: property, veiled menace, exposure, staffing
    ("I'll slash every tire in your lot", "threat", "I'll slash every tire"),
    (
        "Keep running your mouth and see what happens.",
        "threat",
        "Keep running your mouth and see what happens",
    ),
    ("I know your home address, by the way.", "threat", "I know your home address"),
    ("I hope you catch cancer.", "threat", "I hope you catch cancer"),
    ("They deserve to get kicked in the teeth.", "threat", "kicked in the teeth"),
    (
        "I'm filming you and this is going viral.",
        "online_defamation",
        "filming you and this is going viral",
    ),
    (
        "I'm sharing your face on Instagram tonight.",
        "online_defamation",
        "sharing your face on Instagram",
    ),
    (
        "Give me somebody who speaks proper English.",
        "discrimination",
        "Give me somebody who speaks proper English",
    ),
    ("He twisted my arm behind my back.", "physical_attack", "twisted my arm"),
    (
        "I'll see to it that you lose your job.",
        "personal_attack",
        "see to it that you lose your job",
    ),
    (
        "I'm not leaving this counter until I get a refund.",
        "refusal_to_leave",
        "I'm not leaving this counter",
    ),
    ("You are not ending this call.", "prolonged_detention", "You are not ending this call"),
    # written for this project: polite menace, body-part harm, chat spellings
    (
        "It'd be a real shame if something happened to your nice little cafe.",
        "threat",
        "shame if something happened to your",
    ),
    (
        "My brothers won't be as patient as me.",
        "threat",
        "My brothers won't be as patient as me",
    ),
    (
        "I'd hate for your boss to hear what you just said.",
        "threat",
        "I'd hate for your boss to hear",
    ),
    ("He'll be back next week to teach me a lesson.", "threat", "to teach me a lesson"),
    ("Fix it or I'll snap your neck.", "threat", "snap your neck"),
    ("ya f***in muppet, fix it", "verbal_abuse", "ya f***in muppet"),
    ("Go unalive, nobody needs you.", "verbal_abuse", "Go unalive"),
    # written for this project: staffing by group, stalking, online mobs
    ("I won't be served by a Muslim woman.", "discrimination", "won't be served by a Muslim"),
    ("Why do they hire foreigners for this job?", "discrimination", "Why do they hire foreigners"),
    ("I know your shift pattern, see you Friday.", "personal_attack", "I know your shift pattern"),
    (
        "If you value your job, you'll give me the discount.",
        "personal_attack",
        "If you value your job",
    ),
    (
        "The caller asked what colour knickers I was wearing.",
        "sexual_conduct",
        "what colour knickers I was wearing",
    ),
    (
        "I'm bringing my 20k subscribers to flood your inbox.",
        "online_defamation",
        "my 20k subscribers to flood",
    ),
    # written for this project: one form each of the shared modal, subject and
    # staff groups (no apostrophes, chat spellings, staff named by role)
    ("ill stab u if that happens again", "threat", "ill stab u"),
    ("Were gonna kill the lad on the till.", "threat", "Were gonna kill the lad"),
    (
        "She told us she was gonna shank that receptionist.",
        "threat",
        "gonna shank that receptionist",
    ),
    ("ur gonna get glassed, mate.", "threat", "ur gonna get glassed"),
    ("u better watch ur back tonight", "threat", "u better watch ur back"),
    ("Trust me, you'll get what's coming to you.", "threat", "get what's coming to you"),
    ("I'll 'sort you out' after closing.", "threat", "I'll 'sort you out'"),
    ("Imma knock you out cold.", "threat", "Imma knock you out"),
    ("Then die.", "verbal_abuse", "Then die."),
    ("Your receptionist is a thick cow.", "verbal_abuse", "Your receptionist is a thick cow"),
    (
        "The customer was mimicking my stutter the whole time.",
        "discrimination",
        "mimicking my stutter",
    ),
    ("I reckon you'd be wild in bed.", "sexual_conduct", "wild in bed"),
    (
        "He kept leering at my legs while I packed his bag.",
        "sexual_conduct",
        "leering at my legs",
    ),
    ("You'd look good on your knees, love.", "kneeling_demand", "look good on your knees"),
    (
        "Got a snap of your name badge, enjoy being famous.",
        "online_defamation",
        "snap of your name badge",
    ),
    (
        "Your full name is going to be in every review I post.",
        "online_defamation",
        "Your full name is going to be in every review",
    ),
    ("Im gonna get you sacked.", "personal_attack", "Im gonna get you sacked"),
    # written for this project: British and Australian insults, idiomatic harm,
    # staff of wards, trains and gates, the press, status used as a lever
    ("Stop talking at me, you gormless plonker.", "verbal_abuse", "you gormless plonker"),
    ("What a knobhead you are, honestly.", "verbal_abuse", "What a knobhead you are"),
    (
        "The nurse on the ward is a jumped-up little Hitler.",
        "verbal_abuse",
        "The nurse on the ward is a jumped-up little Hitler",
    ),
    (
        "Open the gate or I'll throw you over that counter.",
        "threat",
        "or I'll throw you over that counter",
    ),
    (
        "Carry on and you'll be eating through a straw, mate.",
        "threat",
        "you'll be eating through a straw",
    ),
    ("She told our agent he'd wish he'd never been born.", "threat", "wish he'd never been born"),
    ("I know what time you clock off, love.", "threat", "I know what time you clock off"),
    (
        "I'll be waiting for you at the staff exit tonight.",
        "personal_attack",
        "I'll be waiting for you at the staff exit",
    ),
    (
        "I'm going to the papers with your name and photo.",
        "online_defamation",
        "going to the papers with your name",
    ),
    ("Sort it or say goodbye to your job.", "personal_attack", "say goodbye to your job"),
    (
        "One phone call from me and you're finished here.",
        "authority_pressure",
        "One phone call from me and you're finished",
    ),
    ("I hope you all get cancer, the lot of you.", "threat", "I hope you all get cancer"),
    ("I'll make your shifts a misery.", "threat", "I'll make your shifts a misery"),
    ("She was waiting for me by my car at ten.", "personal_attack", "waiting for me by my car"),
    # written for this project: short jabs of a live call, idiom insults, looks,
    # accent and dress, schools and taxis
    ("Clueless.", "verbal_abuse", "Clueless."),
    ("Typical, you lot.", "verbal_abuse", "Typical, you lot."),
    ("Listen here, missy.", "verbal_abuse", "Listen here, missy."),
    ("Are you daft?", "verbal_abuse", "you daft"),
    ("How stupid can they be?", "verbal_abuse", "How stupid can they be"),
    ("You call yourself a teacher?", "verbal_abuse", "call yourself a teacher"),
    ("My toddler could do your job.", "verbal_abuse", "My toddler could do your job"),
    ("She looks like a walrus in that apron.", "verbal_abuse", "She looks like a walrus"),
    ("You old bag, move it.", "verbal_abuse", "You old bag"),
    (
        "Your accent was ridiculous, get me somebody English.",
        "discrimination",
        "get me somebody English",
    ),
    ("Way too cute to be a barmaid, aren't you?", "sexual_conduct", "Way too cute to be a barmaid"),
    (
        "I know what school your daughter goes to.",
        "threat",
        "I know what school your daughter goes to",
    ),
    ("You're lucky we didn't batter you.", "threat", "You're lucky we didn't batter you"),
    ("I'm going to chuck my tea in her face.", "threat", "I'm going to chuck my tea in her face"),
    (
        "He threatened to follow the nurse home and hurt her.",
        "threat",
        "threatened to follow the nurse home and hurt her",
    ),
    ("Give me her home address.", "personal_attack", "Give me her home address"),
    (
        "Say sorry, properly, on your knees.",
        "kneeling_demand",
        "Say sorry, properly, on your knees",
    ),
    # written for this project: speech-recogniser transcripts, lower case with
    # no punctuation or apostrophes, fillers and restarts
    ("um so like ill uh kill you if the refund doesnt come", "threat", "ill uh kill you"),
    ("the bill is wrong and youre a thieving bastard", "verbal_abuse", "youre a thieving bastard"),
    ("your an absolute moron", "verbal_abuse", "your an absolute moron"),
    ("i will i will make you pay for this", "threat", "i will make you pay"),
    ("you wont like what happens if this isnt sorted", "threat", "you wont like what happens"),
    ("ill wait outside until you finish", "threat", "ill wait outside until you finish"),
    (
        "somebody is going to get hurt if i dont get my money",
        "threat",
        "somebody is going to get hurt if i dont get my",
    ),
    ("im gonna spit on you", "threat", "im gonna spit on you"),
    ("ill throw this mug at the cashier", "threat", "ill throw this mug at the cashier"),
    (
        "im not going anywhere and you cant end this call",
        "prolonged_detention",
        "you cant end this call",
    ),
    (
        "its going straight on tiktok with your face",
        "online_defamation",
        "going straight on tiktok with your face",
    ),
    ("whats your bra size love", "sexual_conduct", "whats your bra size"),
    (
        "i dont want to be served by some foreigner",
        "discrimination",
        "dont want to be served by some foreigner",
    ),
    ("shes a right slapper that one", "verbal_abuse", "shes a right slapper"),
    ("i will destroy your career", "threat", "i will destroy your career"),
]

# Ordinary customer-care language that must stay under the threshold.
NOT_FLAGGED = [
    # written for this project: look-alikes of the forms above in the same settings
    "I'm a detective with the Met and I need the footage from Tuesday.",
    "I know the owner from school, say hi to him for me!",
    "Policy reminder: staff must never be told to 'go back to your own country'.",
    "Training scenario: a patient says 'I know where you live'. Step one: call security.",
    "I was a right pillock on the phone last week, sorry.",
    "I've written to the local paper about the ward closures.",
    "I'll put you through to the ward sister now.",
    "Enjoy your last shift before the holidays!",
    "Don't hang up, please, I'm nearly done.",
    # naming a group is not judging it
    "Are Chinese customers eligible for the discount?",
    "Foreigners are welcome here, right?",
    "Muslims cannot eat pork, do you have halal options?",
    "I'm going to destroy your business with honest reviews.",
    "I'll crush you in court, see you there.",
    "Fuck them, I'm switching providers.",
    "Fuck your app, it crashed again.",
    "The router has been acting retarded all week, please send a technician.",
    "Mondays can be a bitch, and this bill does not help.",
    "I hate to bitch about it, but I was charged twice.",
    "I'm such an idiot, I typed the wrong address.",
    "I felt so dumb, the parcel was at my neighbour's.",
    "This is gobbledygook to me, can you explain the invoice?",
    "The contract reads like gobbledy gook.",
    "I ordered a garden hoe and a rake.",
    "Two lighters and 40 fags, please.",
    "The pussy cat food you sent was the wrong flavour.",
    "The old system must die, please update it.",
    "I hope you get this fixed soon.",
    "May you have a great day.",
    "What a pain in the ass this return process is.",
    "Homo sapiens is the only species that queues this long.",
    "I'll take legal action if this isn't fixed.",
    "You're going to die waiting on hold with this company.",
    "Rip the label off and send it back.",
    "Shoot me an email when it ships.",
    "Is this gel safe to use on the vagina?",
    "The parental filter still lets porn through.",
    # written for this project: look-alikes of the forms above
    "I'll key in the code again tomorrow.",
    "I hope you get the refund through soon.",
    "Is there someone who speaks English? My Japanese is poor.",
    "I grabbed my coat and left the store.",
    "Please make sure you never ship to my old address again.",
    "Can you bring the replacement to my house?",
    "Please stay on the line until an agent answers.",
    "My laptop is too old for this update.",
    "Keep it up and see what happens to your sales, honestly.",
    # written for this project: look-alikes of menace, stalking, staffing, chat
    "It would be a shame if the sale ended before payday.",
    "I'd hate for your team to redo all that work.",
    "I know people who use this router, is it reliable?",
    "Please don't break your neck rushing, there's no hurry.",
    "The course taught me a lesson about reading the terms.",
    "Can u send the invoice again?",
    "Ho ho ho, is the Christmas sale still on?",
    "I have to go back to Poland next month, can you pause my contract?",
    "Do you hire disabled people for remote roles?",
    "I'll tag your brand on Instagram so people can find you.",
    "I'll wait outside while you fetch the stock.",
    "I know your schedule is busy, a reply next week is fine.",
    "He raised his voice once but apologised straight away.",
    "Could you share your office address for returns?",
    # written for this project: idioms next to the broadened forms
    "I'm killing it at work thanks to your app.",
    "I'll hit you up when the parcel lands.",
    "The tablet arrived with a dead battery.",
    "Your team knocked it out of the park this year.",
    "I'll beat you to the bargain bin, ha.",
    "We'll sort you out with a new charger.",
    "I'll put your name in my review, you were brilliant.",
    "Could the driver wait for me by my car with the boxes?",
    "Do you stock die-cast trains?",
    "I'm gonna smash this marathon next week.",
    "You'll get hit with roaming fees abroad.",
    "I've been on my knees scrubbing the oven all day.",
    "Holy cow, the delivery was quick!",
    "My son is learning to speak English at school.",
    # written for this project: look-alikes of the short jabs and remarks above
    "Useless app.",
    "Listen, here's the thing: it arrived broken.",
    "Why are you lot so busy tonight?",
    "How thick is the mattress?",
    "I'll be waiting outside for my delivery.",
    "Don't hang up, I'm just finding my card.",
    "Our training video tells staff to end calls when a caller says 'you stupid cow'.",
    "The pasta was too salty to be edible.",
    "Can I speak to someone who speaks French?",
    "I threatened to cancel my gym membership.",
    # written for this project: transcript look-alikes of the forms above
    "ill um wait outside for my taxi",
    "you wont like what happens in the final episode",
    "ill throw the box at the recycling bin",
    "can you end the call and ring me back in ten minutes",
    "your an hour late with my parcel",
    "the video is going on youtube with your logo on it",
    "ill call you back um like tomorrow",
    "if you keep shouting at me i will have to end the call",
]


# Written for this project (customer-service probes, round 7): incident reports
# as staff write them at intake, third person and past tense, the customer's
# words quoted or paraphrased next to the time, the place and what staff did,
# across wards, counters, hotels, taxis, stations and deliveries.
INCIDENT_REPORTS = [
    (
        "The tenant threatened to come back tonight and smash every window in the housing office.",
        "threat",
        "threatened to come back tonight and smash every window",
    ),
    (
        "Caller stated she would torch the depot if her parcel went missing again.",
        "threat",
        "stated she would torch the depot",
    ),
    (
        "Fare told me I'd get my face smashed in if I reported him.",
        "threat",
        "get my face smashed in",
    ),
    (
        "Guest said he carried a blade and would use it on the porter.",
        "threat",
        "blade and would use it on the porter",
    ),
    (
        "The diner said he would set his dog on the waiter outside.",
        "threat",
        "set his dog on the waiter",
    ),
    (
        "Patient's husband said he would have me dealt with.",
        "threat",
        "he would have me dealt with",
    ),
    ("She said she would have my children taken off me.", "threat", "have my children taken off"),
    ("He said he would end my job and then end me.", "threat", "and then end me"),
    (
        "Client said he had cousins who would pay me a visit.",
        "threat",
        "cousins who would pay me a visit",
    ),
    ("The passenger said he'd happily do time for the guard.", "threat", "do time for the guard"),
    ("Customer said the pharmacist deserved a slap.", "threat", "the pharmacist deserved a slap"),
    (
        "Parent then threatened the teaching assistant in the corridor.",
        "threat",
        "Parent then threatened the teaching assistant",
    ),
    (
        "He said he'd share the recording unless we paid him £250.",
        "threat",
        "share the recording unless we paid him £",
    ),
    (
        "The man called the ward clerk a useless little parasite.",
        "verbal_abuse",
        "called the ward clerk a useless little parasite",
    ),
    (
        "She told the carer she was a fat lazy cow.",
        "verbal_abuse",
        "told the carer she was a fat lazy",
    ),
    ("Caller shouted that I was brain dead.", "verbal_abuse", "shouted that I was brain dead"),
    (
        "He stood over the receptionist while she typed.",
        "intimidation",
        "stood over the receptionist",
    ),
    (
        "She kept wagging her finger in the driver's face.",
        "intimidation",
        "wagging her finger in the driver's face",
    ),
    (
        "The guest insisted the night manager kneel by the lift.",
        "kneeling_demand",
        "insisted the night manager kneel",
    ),
    (
        "Tenant headbutted the housing officer at the counter.",
        "physical_attack",
        "headbutted the housing officer",
    ),
    (
        "A diner threw a full plate across the room at the waitress.",
        "physical_attack",
        "threw a full plate across the room at the waitress",
    ),
    (
        "The relative would not let the nurse leave the side room.",
        "prolonged_detention",
        "would not let the nurse leave",
    ),
    (
        "Caller said he would not hang up until I agreed.",
        "prolonged_detention",
        "would not hang up until",
    ),
    (
        "Passenger refused to get off the train at the terminus.",
        "refusal_to_leave",
        "refused to get off",
    ),
    (
        "Guest phoned reception over forty times on Sunday.",
        "persistent_contact",
        "Guest phoned reception over forty times",
    ),
    (
        "She said she would post the chef's photo in the village Facebook group.",
        "online_defamation",
        "post the chef's photo in the village Facebook group",
    ),
    (
        "He said he would leave bad reviews on every platform.",
        "online_defamation",
        "reviews on every platform",
    ),
    (
        "Customer told the clerk to go back to his own country.",
        "discrimination",
        "told the clerk to go back to his own country",
    ),
    (
        "He refused to be served by the cashier because of her accent.",
        "discrimination",
        "refused to be served by the cashier because of her accent",
    ),
    (
        "She said they should hire real English nurses.",
        "discrimination",
        "hire real English nurses",
    ),
    (
        "Caller said Nigerian people are all scammers and criminals.",
        "discrimination",
        "Nigerian people are all scammers",
    ),
    (
        "He put his hand on the hostess's thigh.",
        "sexual_conduct",
        "put his hand on the hostess's thigh",
    ),
    (
        "The guest kept asking the attendant out for dinner.",
        "sexual_conduct",
        "kept asking the attendant out",
    ),
    (
        "Resident's son followed the carer home in his car.",
        "personal_attack",
        "followed the carer home",
    ),
    (
        "He demanded that the trainee be sacked on the spot.",
        "personal_attack",
        "demanded that the trainee be sacked",
    ),
    (
        "She has been texting the teller on his personal mobile.",
        "personal_attack",
        "been texting the teller on his personal mobile",
    ),
    (
        "Customer said the manager would be out of a job by Friday.",
        "personal_attack",
        "the manager would be out of a job by",
    ),
    # the behavior named rather than quoted, as intake notes often put it
    ("Customer made threats to staff at the till.", "threat", "made threats to staff"),
    ("Passenger used racist language towards the guard.", "discrimination", "used racist language"),
    (
        "Relative was abusive and threatening on the phone.",
        "intimidation",
        "abusive and threatening",
    ),
    ("Customer spat in the cashier's face.", "physical_attack", "spat in the cashier's face"),
    (
        "The caller rang back 25 times after being told no.",
        "persistent_contact",
        "The caller rang back 25 times",
    ),
]

# The same settings with a real complaint, an idiom or staff's own words.
INCIDENT_TWINS = [
    "He said he would pay for this at the front desk.",
    "Customer swore under his breath about the price and apologised.",
    "The bank made threats of legal action over the loan.",
    "The tenant said the storm would smash the windows in the housing office.",
    "Caller asked whether the depot could torch-test the old wiring.",
    "The diner said he would use it again, the new knife was great.",
    "We'll have you dealt with shortly, please take a seat.",
    "He said the fees would ruin him if they were not waived.",
    "The passenger said the delay was costing him time.",
    "Customer said the pharmacist deserved a medal.",
    "The bank threatened me with debt collectors over the old loan.",
    "He said he would report it to Trading Standards unless we refunded him.",
    "She called the ward clerk a lifesaver.",
    "He told the carer he was useless with the new app.",
    "I said I was an idiot for forgetting my card.",
    "The engineer stood over the boiler checking the flue.",
    "She pointed her finger at the price on the shelf.",
    "The guest asked the night manager to kneel down and check under the bed.",
    "The manager apologised and knelt down to pick up the receipts.",
    "The cuts hit the nurses hard this winter.",
    "Customer waited at the counter for two hours while the system was down.",
    "Caller stayed on the line for an hour while we reset the router.",
    "Passenger refused to get off the phone while buying a ticket.",
    "I called three times a day and nobody picked up.",
    "The tills crashed twenty times a day last week.",
    "Please put the manager's name on the complaint form.",
    "We should hire more local staff for the summer.",
    "She refused to be seen by the locum because he was running late.",
    "Nigerian people are so welcoming, said the guest.",
    "The nurse put her hand on the patient's shoulder.",
    "He asked the attendant for directions to the spa.",
    "I followed the engineer to the van to fetch the part.",
    "He wanted to know whether the trainee was disciplined.",
    "She paid for my taxi out of her own pocket, which was kind.",
    "The driver knows when I leave for work, so please deliver early.",
    "Caller said she had found our LinkedIn page and wanted the head office address.",
    "If you don't pay by Friday, the invoice will be posted to you.",
    "The parent sat at the reception desk from 10am to 1pm waiting for the school nurse.",
]


# Round 8 probes (written blind, before reading the rules): everyday forms of
# the behaviors in new words, each with the words a signal must highlight.
ROUND8_FLAGGED = [
    (
        "The visitor pushed our support worker into the fire door.",
        "physical_attack",
        "pushed our support worker into the",
    ),
    (
        "He yanked the cleaner's ponytail on his way out.",
        "physical_attack",
        "yanked the cleaner's ponytail",
    ),
    (
        "The patient kept kicking her while she changed the dressing.",
        "physical_attack",
        "kept kicking her",
    ),
    (
        "Carry on like that and you'll end up leaving on a stretcher.",
        "threat",
        "you'll end up leaving on a stretcher",
    ),
    (
        "You'd better hope we never run into you in town.",
        "threat",
        "You'd better hope we never run into you",
    ),
    ("I'll knock the head off ye, so I will.", "threat", "I'll knock the head off ye"),
    (
        "Honestly, you're by far the laziest receptionist in Dublin.",
        "verbal_abuse",
        "you're by far the laziest receptionist",
    ),
    ("Hurry up, you eejit.", "verbal_abuse", "you eejit"),
    (
        "She was yelling right in the cashier's face.",
        "intimidation",
        "yelling right in the cashier's face",
    ),
    (
        "Do you want the easy way or the hard way, son?",
        "intimidation",
        "the easy way or the hard way",
    ),
    ("Now kneel at my feet and say it again.", "kneeling_demand", "kneel at my feet"),
    (
        "I'll keep ringing this number until someone gives in.",
        "persistent_contact",
        "I'll keep ringing",
    ),
    ("Believe me, you cannot escape me this time.", "persistent_contact", "you cannot escape me"),
    (
        "The parent kept the teacher in the classroom for over three hours.",
        "prolonged_detention",
        "kept the teacher in the classroom for over three hours",
    ),
    (
        "Nobody is going home till this is fixed.",
        "prolonged_detention",
        "Nobody is going home till",
    ),
    (
        "I'm not budging from this seat till you upgrade me.",
        "refusal_to_leave",
        "I'm not budging from this seat",
    ),
    (
        "We won't have a Muslim nurse treating our dad.",
        "discrimination",
        "won't have a Muslim nurse treating",
    ),
    (
        "Get me someone with no funny accent this time.",
        "discrimination",
        "someone with no funny accent",
    ),
    ("Text me your number, gorgeous.", "sexual_conduct", "Text me your number"),
    (
        "Show me where the delivery driver lives.",
        "personal_attack",
        "Show me where the delivery driver lives",
    ),
    (
        "The whole town knows your face now, thanks to my post.",
        "online_defamation",
        "The whole town knows your face",
    ),
    (
        "The chemist at the pharmacy is a thief, end of. Share this.",
        "online_defamation",
        "The chemist at the pharmacy is a thief",
    ),
    (
        "As a magistrate, I will not queue behind tourists.",
        "authority_pressure",
        "As a magistrate, I will not queue",
    ),
    (
        "Tell the area manager to visit my flat tonight and say sorry to my mum.",
        "off_site_summons",
        "visit my flat tonight and say sorry",
    ),
]

ROUND8_NOT_FLAGGED = [
    "The coach pushed back our departure by an hour.",
    "The instructor told us to get on our knees for the warm-up.",
    "I'll keep an eye on the tracking and ring tomorrow if nothing changes.",
    "You're the most patient adviser I've ever spoken to.",
    "Could you give me your name and staff number for the complaint form?",
    "The toddler opened the door while I was in the shower, so I was late.",
    "Staff at the Kingsway branch were lovely with my dad.",
    "I'm not moving house until the deposit comes back.",
    "Could you send an engineer to my flat? I apologise for the short notice.",
    "Everyone on the ward knows how kind Nurse Okafor is.",
]


# Written for this project (customer-service probes, round 9): plural and
# dialect address, dogeza, threats said in the present tense or by relatives,
# contempt for a group "like you", staff held or exposed in past-tense
# reports, and the look-alikes each widening must leave alone.
ROUND9_FLAGGED = [
    ("Sort my bill, you lazy clowns.", "verbal_abuse", "you lazy clowns"),
    ("You lot are all idiots, honestly.", "verbal_abuse", "You lot are all idiots"),
    ("Perform a proper dogeza for me, all of you.", "kneeling_demand", "Perform a proper dogeza"),
    (
        "I expect the supervisor to kneel and beg.",
        "kneeling_demand",
        "expect the supervisor to kneel",
    ),
    ("Refuse me again and I'm torching your branch.", "threat", "I'm torching your branch"),
    ("I'll trash this bloody salon.", "threat", "I'll trash this bloody salon"),
    (
        "My brothers will be waiting for you after your shift.",
        "threat",
        "My brothers will be waiting for you after your shift",
    ),
    (
        "Something nasty could happen to your kids.",
        "threat",
        "Something nasty could happen to your kids",
    ),
    (
        "I'll make sure she never works anywhere again.",
        "threat",
        "make sure she never works anywhere again",
    ),
    ("Just wait till I get my hands on you.", "threat", "wait till I get my hands on you"),
    ("We're coming for you, mark my words.", "threat", "We're coming for you"),
    ("I'll come back tonight with a crowbar.", "threat", "come back tonight with a crowbar"),
    ("I'm gonna run that driver off the road.", "threat", "I'm gonna run that driver off the road"),
    (
        "Staff asked the guest to leave the lobby twice and he refused.",
        "refusal_to_leave",
        "asked the guest to leave the lobby twice and he refused",
    ),
    (
        "The office got over 80 calls from the same tenant in a week.",
        "persistent_contact",
        "got over 80 calls from the same tenant",
    ),
    ("Foreigners like you should go back.", "discrimination", "Foreigners like you should go back"),
    ("No immigrants serving me, get the manager.", "discrimination", "No immigrants serving"),
    ("You're too old and senile for this.", "discrimination", "You're too old and senile"),
    ("Liars, all liars where you come from.", "discrimination", "all liars where you come from"),
    ("Dinner lady, know your place.", "verbal_abuse", "know your place"),
    (
        "He held the receptionist at the desk for two hours.",
        "prolonged_detention",
        "held the receptionist at the desk for two hours",
    ),
    (
        "The guest kept groping the cleaner's bum.",
        "sexual_conduct",
        "kept groping the cleaner's bum",
    ),
    (
        "She shared the nurse's photo on Facebook with a nasty caption.",
        "online_defamation",
        "shared the nurse's photo on Facebook",
    ),
    (
        "I'll write on every review site that your manager is a thief.",
        "online_defamation",
        "I'll write on every review site that your manager is a thief",
    ),
    ("Refund me now or I'm staying right here!", "refusal_to_leave", "or I'm staying right here"),
]

ROUND9_NOT_FLAGGED = [
    "You lot are all stars, thank you.",
    "Could staff kneel down to check the kiosk wiring?",
    "We're smashing our savings goal this year!",
    "Ya know, the manager sorted it in the end.",
    "The driver will be waiting for you outside the arrivals hall.",
    "I'm coming for you at eight for the airport run.",
    "Please ask her to leave the parcel with a neighbour.",
    "We got 40 emails from customers about the outage.",
    "Women like you should run this place, you're brilliant.",
    "No women's sizes were left in the shop.",
    "The school posted the teacher's photo on Facebook to congratulate her on retiring.",
    "I'm sorry I yelled, it was a long day.",
    "Can I wait here, or I'm staying right here till the rain stops?",
    "My toddler kept touching my face all through the appointment.",
]


# Written for this project (customer-service probes, round 10): short turns in
# many voices (dropped g's, Scots "no", South African and Nigerian insults,
# Indian "fellow"), veiled menace said politely, present-tense ultimatums, and
# the look-alikes each widening must leave alone.
ROUND10_FLAGGED = [
    (
        "Carry on and you'll be goin' home in an ambulance.",
        "threat",
        "you'll be goin' home in an ambulance",
    ),
    ("I'll be waitin' outside for ya, pal.", "threat", "I'll be waitin' outside"),
    ("Sort it or I'll moer you, bru.", "threat", "I'll moer you"),
    (
        "I'm gonna go round and thump the cashier.",
        "threat",
        "I'm gonna go round and thump the cashier",
    ),
    ("Keep it up and I'll finish you.", "threat", "I'll finish you"),
    ("imma pull up on ya when u clock off", "threat", "imma pull up on ya"),
    (
        "Best remember what happens to folk who mess with me.",
        "threat",
        "what happens to folk who mess with me",
    ),
    ("Away ye go, ya wee bum.", "verbal_abuse", "ya wee bum"),
    ("You're a mumu, o.", "verbal_abuse", "You're a mumu"),
    ("The lad's thicker than a bag of hammers.", "verbal_abuse", "thicker than a bag of hammers"),
    ("Fetch the manager, not some checkout girl.", "verbal_abuse", "not some checkout girl"),
    ("Sit down, I'm not asking twice.", "intimidation", "I'm not asking twice"),
    (
        "Pay up or I make your life a living hell.",
        "intimidation",
        "or I make your life a living hell",
    ),
    (
        "I want the supervisor kneeling in front of me.",
        "kneeling_demand",
        "want the supervisor kneeling",
    ),
    (
        "None of you are going on lunch till I'm done.",
        "prolonged_detention",
        "None of you are going on lunch till I'm done",
    ),
    ("I'm no budgin' till I get ma money.", "refusal_to_leave", "I'm no budgin'"),
    ("Filipinos are so dirty.", "discrimination", "Filipinos are so dirty"),
    ("She's a naughty one in bed, I bet.", "sexual_conduct", "naughty one in bed"),
    (
        "I'll tell everyone online that your driver is a thief.",
        "online_defamation",
        "I'll tell everyone online that your driver is a thief",
    ),
    ("Refund me, otherwise I know people.", "threat", "otherwise I know people"),
]

ROUND10_NOT_FLAGGED = [
    "I'll be waitin' outside for the minicab, cheers.",
    "I'll go round and hit the reset button on the router.",
    "I'll finish you a written quote by Monday.",
    "My bum's numb from sitting in your waiting room.",
    "That fellow on the phone was ever so helpful.",
    "Accidents happen, don't worry about the spilt tea.",
    "I'm not asking twice for the invoice, I found it, thanks.",
    "So think carefully about the return window before you buy.",
    "Nobody's going on lunch till the delivery's unpacked, the boss said.",
    "I'm not leaving the queue, I'll just wait my turn.",
    "We can have some fun later at the pool with the grandkids.",
    "I'll post on Facebook that your driver was a star.",
    "I'm an important client of the bank, can I use the priority line?",
    "My name's all over the papers after the marathon, ha.",
]


@pytest.mark.parametrize(
    ("text", "behavior", "span"),
    [
        *FLAGGED,
        *INCIDENT_REPORTS,
        *ROUND8_FLAGGED,
        *ROUND9_FLAGGED,
        *ROUND10_FLAGGED,
    ],
)
def test_it_flags_the_phenomenon_and_highlights_its_words(
    text: str, behavior: str, span: str
) -> None:
    result = screen(text, "en")
    assert (behavior, span) in {(s.behavior, s.text) for s in result.signals}
    assert result.score >= THRESHOLD


@pytest.mark.parametrize(
    "text",
    [
        *NOT_FLAGGED,
        *INCIDENT_TWINS,
        *ROUND8_NOT_FLAGGED,
        *ROUND9_NOT_FLAGGED,
        *ROUND10_NOT_FLAGGED,
    ],
)
def test_it_leaves_customer_care_look_alikes_under_the_threshold(text: str) -> None:
    assert screen(text, "en").score < THRESHOLD


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("the router has been acting retarded all week", "product_profanity"),
        ("The wait is a real bitch.", "product_profanity"),
        ("Im such a twat, wrong postcode again", "self_directed"),
        ("I AM SUCH A FUCKING FORGETFUL ASSHOLE, MY CARD IS AT HOME", "self_directed"),
        ("if you carry on swearing i will end this chat", "quoted_policy"),
        # written for this project: family at the counter, the news, dishes and birds
        (
            "Shut up, you cheeky monkey, you've had enough sweets. Sorry, that's my son.",
            "self_directed",
        ),
        (
            "Did you see that news story about the shop that made a clerk do dogeza?",
            "quoted_policy",
        ),
        ("Any cock-a-leekie soup left, or has it all gone?", "product_profanity"),
        ("Is this feeder good for blue tits and great tits?", "product_profanity"),
    ],
)
def test_it_reports_the_carve_out_that_excuses_the_words(text: str, kind: str) -> None:
    assert kind in {c.kind for c in screen(text, "en").carve_outs}


@pytest.mark.parametrize(
    "text",
    [
        "I am sorry you are an idiot.",
        "I'm dealing with a fucking moron.",
        "That lady is a bitch.",
        "This is bitch work.",
        "You useless idiot. Sorry, that's my son you're talking to!",
    ],
)
def test_it_does_not_excuse_insults_aimed_at_someone_else(text: str) -> None:
    result = screen(text, "en")
    assert result.carve_outs == ()
    assert result.score >= THRESHOLD


@pytest.mark.parametrize(
    "text",
    [
        "That son of a bitch fixed it at last.",
        "Their new policy is a big fuck you to loyal customers.",
        "Hidden fees really fuck you up at the end of the month.",
    ],
)
def test_it_reads_set_phrases_without_their_literal_target(text: str) -> None:
    behaviors = {s.behavior for s in screen(text, "en").signals}
    assert "discrimination" not in behaviors
    assert not any(s.rule == "abuse.fuck_you" for s in screen(text, "en").signals)


@pytest.mark.parametrize(
    ("text", "insult"),
    [
        ("I just want to make sure it didn't get lost in your system.", False),
        ("I always get lost in this hospital, which way is radiology?", False),
        ("I'm after a Dutch hoe and a decent pair of secateurs.", False),
        ("Oh just get lost, you clown.", True),
        ("get lost", True),
    ],
)
def test_it_reads_get_lost_as_an_insult_only_as_an_order(text: str, insult: bool) -> None:
    assert (screen(text, "en").score >= THRESHOLD) is insult


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # written for this project: staff kept away or swapped for their group
        ("No Chinese staff, please.", True),
        ("Can the gay one not serve our table? The kids are here.", True),
        ("Kindly replace the Nepali waiter.", True),
        ("Could you put me through to a man? Claims aren't really a lady's job.", True),
        ("Can you replace the old one? It stopped charging.", False),
        ("No Chinese menu today? Shame.", False),
        ("Put me through to a manager, please.", False),
        # sexual extras asked of staff, and their look-alikes
        ("Do you do extra services with the massage if I tip well?", True),
        ("Let's test-drive the back seat, just you and me.", True),
        ("I want a film with a happy ending for the kids.", False),
        ("Extra services such as gift wrapping are listed on the site.", False),
    ],
)
def test_it_reads_staff_refused_for_their_group_and_sexual_extras(text: str, flagged: bool) -> None:
    assert (screen(text, "en").score >= THRESHOLD) is flagged


# Tune set t15 (blind look-alikes, tune part): a customer reporting what a
# stranger, an ex, a classmate or another player said or did to them, or
# what one of the business's staff did; one's own scream of delight; a
# question about the business's policy.
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "Someone in ranked chat told me to 'go die' and spammed slurs at me. Please ban them.",
            "third_party",
        ),
        ("My son says a classmate keeps punching him on the school bus.", "third_party"),
        (
            "A man in the queue at your Umeda branch called me a 'stupid gaijin' and shoved me.",
            "third_party",
        ),
        ("My ex keeps turning up and told me 'I'll make you regret it'.", "third_party"),
        ("One of your delivery drivers made comments about my body today.", "third_party"),
        ("I screamed when I saw the view from our room, thank you!", "self_directed"),
        ("Colour came out orange, I literally screamed when I got home", "self_directed"),
        (
            "Spin class was brutal. Instructor screamed at us the whole time to push haha",
            "third_party",
        ),
    ],
)
def test_it_excuses_t15_look_alikes(text: str, kind: str) -> None:
    result = screen(text)
    assert kind in {c.kind for c in result.carve_outs}
    assert not result.harassment


@pytest.mark.parametrize(
    "text",
    [
        "The customer called me an idiot and shoved me.",
        "A man at the counter told me he would kill me.",
        "He called the cashier a stupid bitch.",
        "I screamed at your agent because he is a useless idiot",
        "you shoved me, you idiot",
    ],
)
def test_it_still_flags_what_was_said_or_done_to_staff(text: str) -> None:
    assert screen(text).harassment


# Tune set t16 (blind tune sets of the weakest English behaviors): harassment
# said without a slur or a swear word, each with the words it must point at.
@pytest.mark.parametrize(
    ("text", "behavior", "words"),
    [
        ("Is the chef Korean? Then I'm not eating it.", "discrimination", "Is the chef Korean?"),
        ("women just aren't built to be personal trainers", "discrimination", "women just"),
        ("Could you repeat that without the accent?", "discrimination", "without the accent"),
        ("Japanese staff only for her, please.", "discrimination", "Japanese staff only"),
        ("Lose my bag again and you'll need more than a plaster.", "threat", "you'll need"),
        ("Accidents happen, you know. Especially to people who lie.", "threat", "Accidents"),
        ("I know when the cleaners leave.", "threat", "I know when"),
        ("What colour is your underwear?", "sexual_conduct", "What colour is your underwear"),
        ("Your place or my hotel, I'm easy.", "sexual_conduct", "Your place or my hotel"),
        ("You will receive one every day until you reconsider.", "persistent_contact", "You"),
        ("Which station does that teller use?", "personal_attack", "Which station"),
        ("I could have your whole department audited.", "authority_pressure", "I could"),
        ("Are you really this dense?", "verbal_abuse", "Are you really this dense"),
        ("Visitor kicked over a chair in the waiting area.", "intimidation", "kicked over a chair"),
    ],
)
def test_it_reads_t16_harassment(text: str, behavior: str, words: str) -> None:
    result = screen(text)
    assert result.harassment
    found = [s for s in result.signals if s.behavior == behavior]
    assert found, result.signals
    assert any(s.text.startswith(words) for s in found), [s.text for s in found]


@pytest.mark.parametrize(
    "text",
    [
        "Is the chef Korean? Then I'll try the bibimbap!",
        "Is the doctor a woman? I'd prefer that for this exam, if possible.",
        "That cut looks bad, you'll need stitches.",
        "Accidents happen, don't worry about the glass!",
        "Next time I'll come with some friends, the food was great!",
        "Can I get a photo of you with my son? You were so helpful!",
        "You will receive one email every week with our offers.",
        "What days does the physio work? I'd like to book with her again.",
        "I'm a lawyer, could you send the contract by email?",
        "Even a child could use this app, it's so simple!",
        "I threw my keys on the counter and forgot them there.",
        "the panto had a man in a dress, the kids loved it",
    ],
)
def test_it_leaves_t16_twins_unflagged(text: str) -> None:
    assert not screen(text).harassment


# Tune set t18 (blind ordinary legitimate texts): a complaint about what a
# member of staff did to the customer, an innocent touch, a word called out.
@pytest.mark.parametrize(
    "text",
    [
        "I want to file a formal complaint about a staff member at your Nagoya branch who "
        "mocked my accent when I asked a question.",
        "The checkout clerk accidentally touched my hand when giving change, no problem at all.",
        "I yelled 'wait!' at the bus driver but he'd already pulled off.",
    ],
)
def test_it_leaves_t18_look_alikes_unflagged(text: str) -> None:
    assert not screen(text).harassment


@pytest.mark.parametrize(
    "text",
    [
        "he touched my hand on purpose and winked, you creep",
        "I yelled 'you idiot' at the bus driver",
    ],
)
def test_it_still_flags_t18_twins(text: str) -> None:
    assert screen(text).harassment


# Tune set t20 (a second blind tune set of the weakest behaviors).
@pytest.mark.parametrize(
    ("text", "behavior"),
    [
        ("No offence but Koreans shouldn't be allowed to work at the city hall.", "discrimination"),
        (
            "Rental agent was a woman so of course she didn't understand the contract.",
            "discrimination",
        ),
        ("I'll sign the lease if you come out for drinks with me tonight. Deal?", "sexual_conduct"),
        ("mate your receptionist's a stunner, is she seeing anyone?", "sexual_conduct"),
        ("He and I will have a proper chat, man to man, no witnesses.", "threat"),
        ("Next time I come in, I'm bringing a bat.", "threat"),
        ("u blocked my number so im calling from my wifes phone lol", "persistent_contact"),
        ("I'll continue to ring until he calls me back personally.", "persistent_contact"),
    ],
)
def test_it_reads_t20_harassment(text: str, behavior: str) -> None:
    result = screen(text)
    assert result.harassment
    assert behavior in {s.behavior for s in result.signals}


@pytest.mark.parametrize(
    "text",
    [
        "Could I see a female doctor for this exam, please?",
        "Can I get her number to reschedule the delivery?",
        "Can I bring a bat to the batting cage?",
        "I'll keep my receipt until the refund arrives",
        "Is there a love hotel near the station?",
    ],
)
def test_it_leaves_t20_twins_unflagged(text: str) -> None:
    assert not screen(text).harassment


# Tune set t21 (the four weakest English behaviors, said without slurs).
@pytest.mark.parametrize(
    ("text", "behavior"),
    [
        ("Could you put me through to someone who isn't Indian, please?", "discrimination"),
        ("Oh, a deaf cashier. Can we swap to another one?", "discrimination"),
        ("Lovely big shop front you've got. Be a shame, wouldn't it.", "threat"),
        ("I know where your wife works, by the way.", "threat"),
        (
            "You blocked me again. Since you blocked my last two accounts, here's a third.",
            "persistent_contact",
        ),
        ("Every time you hang up I'll just call back. I've got all night.", "persistent_contact"),
        ("That uniform doesn't leave much to the imagination, love.", "sexual_conduct"),
        ("Drinks at my place tonight and I'll sign whatever you want.", "sexual_conduct"),
    ],
)
def test_it_reads_t21_harassment(text: str, behavior: str) -> None:
    result = screen(text)
    assert result.harassment
    assert behavior in {s.behavior for s in result.signals}


@pytest.mark.parametrize(
    "text",
    [
        "It would be a shame if the shop closed, it's the best one in town.",
        "Please make sure the charger is British, I'm in Leeds.",
        "the app logged me out mid-payment again, this is so fucking stupid",
        "Quiz: which of these is a threat? (a) I'll call the ombudsman (b) Shame if something happened to the shop",
        "A man in your car park threatened to smash my windscreen. Do you have CCTV?",
    ],
)
def test_it_leaves_t21_twins_unflagged(text: str) -> None:
    assert not screen(text).harassment


# Live calls (bench/calls, the _b sets).
@pytest.mark.parametrize(
    ("text", "behavior"),
    [
        ("maybe I'll drop by the office and make someone bleed", "threat"),
        ("adjusters who drag their feet tend to have accidents, you know what I mean", "threat"),
        ("these people shouldn't be nursing my mother, get me someone else", "discrimination"),
    ],
)
def test_it_reads_call_remarks(text: str, behavior: str) -> None:
    result = screen(text)
    assert result.harassment
    assert behavior in {s.behavior for s in result.signals if s.source != "model"}


@pytest.mark.parametrize(
    "text",
    [
        "okay i'll be calling back tomorrow to check on it, i just want it sorted",
        'his name is xX_Slayer_Xx. he said "i know where you live" in the lobby chat',
        "my son says a boy has been kicking him on the bus every morning",
    ],
)
def test_it_leaves_call_look_alikes_unflagged(text: str) -> None:
    assert not screen(text).harassment
