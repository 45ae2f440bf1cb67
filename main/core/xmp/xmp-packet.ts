import { DOMParser, XMLSerializer, type Document, type Element, type Node } from '@xmldom/xmldom';
import { XuntuError } from '../errors.js';
import { isXuntuPath, pathLeaf, pathSegments, xuntuPath, type XuntuKeyword } from './keyword-paths.js';

export const NS = {
  meta: 'adobe:ns:meta/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dc: 'http://purl.org/dc/elements/1.1/',
  lr: 'http://ns.adobe.com/lightroom/1.0/',
  xmlns: 'http://www.w3.org/2000/xmlns/',
} as const;

/** The keywords a packet holds, in document order. */
export interface XmpKeywords {
  /** dc:subject: flat keywords, what every app reads. */
  subject: string[];
  /** lr:hierarchicalSubject: 'A|B|C' paths (Lightroom, digiKam, darktable). */
  hierarchical: string[];
}

interface Property {
  ns: string;
  local: string;
  prefix: string;
}
const SUBJECT: Property = { ns: NS.dc, local: 'subject', prefix: 'dc' };
const HIERARCHICAL: Property = { ns: NS.lr, local: 'hierarchicalSubject', prefix: 'lr' };
const CONTAINERS = new Set(['Bag', 'Seq', 'Alt']);

/**
 * A fresh sidecar in the shape Exiv2 (darktable, digiKam) writes: an XML declaration, x:xmpmeta, rdf:RDF and one
 * rdf:Description about the photo, with the two namespaces Xuntu writes declared up front.
 */
const EMPTY_PACKET = `<?xml version="1.0" encoding="UTF-8"?>
<x:xmpmeta xmlns:x="${NS.meta}" x:xmptk="Xuntu">
 <rdf:RDF xmlns:rdf="${NS.rdf}">
  <rdf:Description rdf:about="" xmlns:dc="${NS.dc}" xmlns:lr="${NS.lr}"/>
 </rdf:RDF>
</x:xmpmeta>
`;

const NODE = { element: 1, text: 3 } as const;

/**
 * One XMP packet (a sidecar, or the XMP embedded in a photo) held as a DOM, so that changing the keywords keeps
 * everything else in it: other namespaces, darktable's edit history, digiKam's ratings and colour labels, keywords
 * written by other apps.
 */
export class XmpPacket {
  private constructor(
    private readonly doc: Document,
    private readonly rdf: Element,
  ) {}

  /**
   * Parses a packet. Refuses DOCTYPE and entity declarations outright: XMP never needs them, and they are how XML
   * bombs (billion laughs) and external-entity reads get in. Anything else that is not well-formed XMP is
   * XMP_MALFORMED too, with the parser's words.
   */
  static parse(text: string): XmpPacket {
    if (/<!(DOCTYPE|ENTITY)/i.test(text)) {
      throw new XuntuError('XMP_MALFORMED', 'DOCTYPE and entity declarations are not allowed in XMP (XML bomb guard)');
    }
    let problem: string | undefined;
    let doc: Document;
    try {
      doc = new DOMParser({
        locator: false,
        onError: (level, message) => {
          if (level === 'warning') return;
          problem = message;
          throw new Error(message);
        },
      }).parseFromString(text.replace(/^\uFEFF/, ''), 'text/xml');
    } catch (err) {
      throw new XuntuError('XMP_MALFORMED', `not well-formed XML: ${problem ?? (err as Error).message}`, { cause: err });
    }
    const rdf = doc.getElementsByTagNameNS(NS.rdf, 'RDF').item(0);
    if (doc.doctype || !rdf) throw new XuntuError('XMP_MALFORMED', 'no rdf:RDF element: not an XMP packet');
    return new XmpPacket(doc, rdf);
  }

  static create(): XmpPacket {
    return XmpPacket.parse(EMPTY_PACKET);
  }

  keywords(): XmpKeywords {
    return { subject: this.values(SUBJECT), hierarchical: this.values(HIERARCHICAL) };
  }

  /**
   * Makes the packet's Xuntu keywords exactly `wanted`, leaving every other keyword as it is; says whether anything
   * changed (nothing to write otherwise).
   *
   * Ours are the 'Xuntu|<set>|<label>' paths in lr:hierarchicalSubject. Each also puts its label into dc:subject
   * (apps that only read flat keywords see it). When one of ours goes, its flat keyword goes with it unless something
   * still asserts it: another wanted tag with the same label name, or another app's hierarchical keyword naming it
   * at any level (Lightroom writes a keyword's parents into dc:subject too). A flat keyword that another app added
   * by hand and Xuntu also exported is indistinguishable from Xuntu's; `xuntu xmp import` first makes it a
   * confirmed tag, which keeps it.
   */
  syncXuntuKeywords(wanted: readonly XuntuKeyword[]): boolean {
    const wantedPaths = [...new Set(wanted.map(xuntuPath))];
    const wantedSet = new Set(wantedPaths);
    const hierarchical = this.values(HIERARCHICAL);
    const stale = new Set(hierarchical.filter((p) => isXuntuPath(p) && !wantedSet.has(p)));

    const asserted = new Set(wanted.map((k) => k.label));
    for (const p of hierarchical) if (!isXuntuPath(p)) for (const segment of pathSegments(p)) asserted.add(segment);
    const staleLeaves = new Set([...stale].map(pathLeaf).filter((leaf): leaf is string => leaf !== null && !asserted.has(leaf)));

    const changedSubject = this.rewrite(SUBJECT, staleLeaves, wanted.map((k) => k.label));
    const changedPaths = this.rewrite(HIERARCHICAL, stale, wantedPaths);
    return changedSubject || changedPaths;
  }

  serialize(): string {
    const text = new XMLSerializer().serializeToString(this.doc);
    return text.endsWith('\n') ? text : text + '\n';
  }

  /** The top-level rdf:Description elements: where XMP properties live (nested ones are structured values). */
  private descriptions(): Element[] {
    return childElements(this.rdf).filter((e) => e.namespaceURI === NS.rdf && e.localName === 'Description');
  }

  /**
   * Every value of a property, in whatever form it was written: the standard rdf:Bag (or the rdf:Seq and rdf:Alt
   * some tools use), a bare text value, or an attribute on rdf:Description.
   */
  private values(property: Property): string[] {
    const out: string[] = [];
    for (const description of this.descriptions()) {
      const attribute = description.getAttributeNS(property.ns, property.local);
      if (attribute?.trim()) out.push(attribute.trim());
      for (const element of propertyElements(description, property)) out.push(...elementValues(element));
    }
    return out;
  }

  /** Removes `remove` from a property and appends what of `add` it lacks; true when that changed it. */
  private rewrite(property: Property, remove: ReadonlySet<string>, add: readonly string[]): boolean {
    const current = this.values(property);
    const kept = current.filter((v) => !remove.has(v));
    const added = [...new Set(add)].filter((v) => !kept.includes(v));
    if (kept.length === current.length && added.length === 0) return false;
    const next = [...kept, ...added];

    const descriptions = this.descriptions();
    const elements = descriptions.flatMap((d) => propertyElements(d, property));
    const attributes = descriptions.filter((d) => d.hasAttributeNS(property.ns, property.local));
    const container = elements.length === 1 && attributes.length === 0 ? containerOf(elements[0]!) : null;
    if (container) {
      // The usual case: edit the one container in place, so its other items keep their attributes (xml:lang…).
      for (const li of listItems(container)) if (remove.has(itemText(li))) removeWithIndent(li);
      for (const value of added) this.appendItem(container, value);
      if (listItems(container).length === 0) removeWithIndent(elements[0]!);
      return true;
    }
    // Attribute or bare-text forms, or the property split over several places: rewrite it once, as a Bag.
    for (const element of elements) removeWithIndent(element);
    for (const description of attributes) description.removeAttributeNS(property.ns, property.local);
    if (next.length === 0) return true;
    const description = descriptions[0] ?? this.appendDescription();
    const element = this.doc.createElementNS(property.ns, `${this.prefixFor(description, property.ns, property.prefix)}:${property.local}`);
    appendIndented(description, element);
    const bag = this.doc.createElementNS(NS.rdf, `${this.prefixFor(description, NS.rdf, 'rdf')}:Bag`);
    appendIndented(element, bag);
    for (const value of next) this.appendItem(bag, value);
    return true;
  }

  private appendItem(container: Element, value: string): void {
    const li = this.doc.createElementNS(NS.rdf, `${this.prefixFor(container, NS.rdf, 'rdf')}:li`);
    li.appendChild(this.doc.createTextNode(value));
    appendIndented(container, li);
  }

  private appendDescription(): Element {
    const description = this.doc.createElementNS(NS.rdf, `${this.prefixFor(this.rdf, NS.rdf, 'rdf')}:Description`);
    description.setAttributeNS(NS.rdf, `${this.prefixFor(this.rdf, NS.rdf, 'rdf')}:about`, '');
    appendIndented(this.rdf, description);
    return description;
  }

  /** The prefix bound to `ns` where `at` is; when there is none, declares the usual one (or a free variant). */
  private prefixFor(at: Element, ns: string, preferred: string): string {
    const bound = at.lookupPrefix(ns);
    if (bound) return bound;
    let prefix = preferred;
    for (let n = 1; at.lookupNamespaceURI(prefix) !== null; n++) prefix = `${preferred}${n}`;
    at.setAttributeNS(NS.xmlns, `xmlns:${prefix}`, ns);
    return prefix;
  }
}

function childElements(parent: Node): Element[] {
  const out: Element[] = [];
  for (let c = parent.firstChild; c; c = c.nextSibling) if (c.nodeType === NODE.element) out.push(c as Element);
  return out;
}

function propertyElements(description: Element, property: Property): Element[] {
  return childElements(description).filter((e) => e.namespaceURI === property.ns && e.localName === property.local);
}

function containerOf(element: Element): Element | null {
  return childElements(element).find((e) => e.namespaceURI === NS.rdf && CONTAINERS.has(e.localName ?? '')) ?? null;
}

function listItems(container: Element): Element[] {
  return childElements(container).filter((e) => e.namespaceURI === NS.rdf && e.localName === 'li');
}

function itemText(element: Element): string {
  return (element.textContent ?? '').trim();
}

function elementValues(element: Element): string[] {
  const container = containerOf(element);
  if (container) return listItems(container).map(itemText).filter((v) => v !== '');
  const text = childElements(element).length === 0 ? itemText(element) : '';
  return text ? [text] : [];
}

/** The whitespace before a node's line, so added nodes line up with what is there (pure looks; XMP ignores it). */
function indentOf(node: Node): string {
  const before = node.previousSibling;
  if (before?.nodeType !== NODE.text) return '';
  const text = before.nodeValue ?? '';
  return text.slice(text.lastIndexOf('\n') + 1).replace(/\S/g, '');
}

function appendIndented(parent: Element, child: Element): void {
  const doc = parent.ownerDocument!;
  const indent = indentOf(parent);
  const last = parent.lastChild;
  if (last?.nodeType === NODE.text && !(last.nodeValue ?? '').trim()) {
    parent.insertBefore(doc.createTextNode(`\n${indent} `), last);
    parent.insertBefore(child, last);
  } else {
    parent.appendChild(doc.createTextNode(`\n${indent} `));
    parent.appendChild(child);
    parent.appendChild(doc.createTextNode(`\n${indent}`));
  }
}

function removeWithIndent(node: Element): void {
  const before = node.previousSibling;
  if (before?.nodeType === NODE.text && !(before.nodeValue ?? '').trim()) before.parentNode!.removeChild(before);
  node.parentNode!.removeChild(node);
}
