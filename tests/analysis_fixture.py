"""A small hand-made graph for the analysis tests: two zones, six organisations, three practices.

Zone noord holds municipalities 1 and 2 (and 4, merged into 2); zone zuid holds municipality 3.
a, b, c and the Huis van het Kind h lie in noord (c through the merged municipality 4); d lies in
zuid as a zone, e in municipality 3. a, b co-initiate p1 and p2 (c joins p2), d and e p3;
a and b are members of h; a refers to b twice (two kinds, two doelgroepen), b to d, e to d.
"""

from rdflib import Graph

from graph.store import open_store

TURTLE = """
@prefix oh: <https://w3id.org/overhoop/ns#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix cv: <http://data.europa.eu/m8g/> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix z: <https://w3id.org/overhoop/id/eerstelijnszone/> .
@prefix o: <https://w3id.org/overhoop/id/organisatie/> .
@prefix p: <https://w3id.org/overhoop/id/praktijk/> .
@prefix r: <https://w3id.org/overhoop/id/doorverwijzing/> .
@prefix l: <https://w3id.org/overhoop/id/lidmaatschap/> .
@prefix gem: <https://data.vlaanderen.be/id/gemeente/> .
@prefix sec: <https://w3id.org/overhoop/id/concept/sector/> .
@prefix dg: <https://w3id.org/overhoop/id/concept/doelgroep/> .
@prefix bs: <https://w3id.org/overhoop/id/concept/bouwsteen/> .
@prefix vk: <https://w3id.org/overhoop/id/concept/verbinding/> .

z:noord a oh:FirstLineZone ; skos:prefLabel "Noord"@nl ;
    schema:containsPlace gem:1 , gem:2 .
z:zuid a oh:FirstLineZone ; skos:prefLabel "Zuid"@nl ; schema:containsPlace gem:3 .
gem:4 dct:isReplacedBy gem:2 .

o:a a org:Organization ; skos:prefLabel "Alfa"@nl ; cv:sector sec:welzijn ;
    org:classification <https://w3id.org/overhoop/id/concept/organisatietype/caw> ; dct:spatial gem:1 ;
    org:memberOf o:h .
o:b a org:Organization ; skos:prefLabel "Beta"@nl ; cv:sector sec:gezondheid ; dct:spatial gem:2 .
o:c a org:Organization ; skos:prefLabel "Gamma"@nl ; cv:sector sec:onderwijs ; dct:spatial gem:4 .
o:d a org:Organization ; skos:prefLabel "Delta"@nl ; cv:sector sec:welzijn ; dct:spatial z:zuid .
o:e a org:Organization ; skos:prefLabel "Epsilon"@nl ; cv:sector sec:justitie ; dct:spatial gem:3 .
o:h a org:Organization , org:OrganizationalCollaboration ; skos:prefLabel "Huis van het Kind Noord"@nl ;
    cv:sector sec:kinderopvang ; dct:spatial gem:1 .
l:b-h a org:Membership ; org:member o:b ; org:organization o:h .

p:p1 a oh:Practice ; skos:prefLabel "Praktijk een"@nl ; oh:buildingBlock bs:b1 ;
    dct:audience dg:ouders , dg:0-3-jaar ; oh:initiatedBy o:a , o:b .
p:p2 a oh:Practice ; skos:prefLabel "Praktijk twee"@nl ; oh:buildingBlock bs:b2 ;
    dct:audience dg:ouders ; oh:initiatedBy o:a , o:b , o:c .
p:p3 a oh:Practice ; skos:prefLabel "Praktijk drie"@nl ; oh:buildingBlock bs:b1 ;
    dct:audience dg:professionals ; oh:initiatedBy o:d , o:e .
dg:ouders skos:prefLabel "Ouders"@nl .
dg:0-3-jaar skos:prefLabel "0-3 jaar"@nl .
dg:professionals skos:prefLabel "Professionals"@nl .
bs:b1 skos:prefLabel "Bewustzijn"@nl .
bs:b2 skos:prefLabel "Preventie"@nl .

r:r1 a oh:Referral ; oh:referrer o:a ; oh:referredTo o:b ;
    oh:referralKind vk:doorverwijzing ; dct:audience dg:ouders , dg:0-3-jaar .
r:r2 a oh:Referral ; oh:referrer o:a ; oh:referredTo o:b ;
    oh:referralKind vk:samenwerking ; dct:audience dg:ouders .
r:r3 a oh:Referral ; oh:referrer o:b ; oh:referredTo o:d .
r:r4 a oh:Referral ; oh:referrer o:e ; oh:referredTo o:d ;
    dct:audience dg:professionals .
"""

ORG = "https://w3id.org/overhoop/id/organisatie/"
PRACTICE = "https://w3id.org/overhoop/id/praktijk/"
NOORD = "https://w3id.org/overhoop/id/eerstelijnszone/noord"


def small_store():
    """An in-memory store holding only the graph above."""
    store = open_store("memory")
    store.replace_graph("https://w3id.org/overhoop/graph/test",
                        Graph().parse(data=TURTLE, format="turtle").serialize(format="nt"))
    return store
