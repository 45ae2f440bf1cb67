import { describe, expect, it } from 'vitest';
import { XmpPacket } from '../../../main/core/xmp/xmp-packet.js';

const RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"';
const packet = (description: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/">\n <rdf:RDF ${RDF}>\n${description}\n </rdf:RDF>\n</x:xmpmeta>\n`;

/** What darktable writes (trimmed): attributes, an edit history, and keywords of its own. */
const DARKTABLE = packet(`  <rdf:Description rdf:about=""
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:darktable="http://darktable.sf.net/"
    xmlns:digiKam="http://www.digikam.org/ns/1.0/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:lr="http://ns.adobe.com/lightroom/1.0/"
   xmp:Rating="4"
   darktable:history_end="2"
   digiKam:ColorLabel="3">
   <darktable:history>
    <rdf:Seq>
     <rdf:li darktable:operation="exposure" darktable:enabled="1" darktable:params="0000c03f"/>
     <rdf:li darktable:operation="colorin" darktable:enabled="1" darktable:params="gz09eJz"/>
    </rdf:Seq>
   </darktable:history>
   <dc:subject>
    <rdf:Bag>
     <rdf:li>family</rdf:li>
     <rdf:li>Anna</rdf:li>
    </rdf:Bag>
   </dc:subject>
   <lr:hierarchicalSubject>
    <rdf:Bag>
     <rdf:li>People|Anna</rdf:li>
    </rdf:Bag>
   </lr:hierarchicalSubject>
  </rdf:Description>`);

const CAT = { set: '动物', label: '猫' };
const RED = { set: '颜色', label: '红' };

describe('XmpPacket keywords', () => {
  it('adds Xuntu tags beside foreign ones and keeps everything else in the packet', () => {
    const p = XmpPacket.parse(DARKTABLE);
    expect(p.syncXuntuKeywords([CAT, RED])).toBe(true);
    const text = p.serialize();
    const again = XmpPacket.parse(text);
    expect(again.keywords()).toEqual({
      subject: ['family', 'Anna', '猫', '红'],
      hierarchical: ['People|Anna', 'Xuntu|动物|猫', 'Xuntu|颜色|红'],
    });
    expect(text).toContain('xmp:Rating="4"');
    expect(text).toContain('digiKam:ColorLabel="3"');
    expect(text).toContain('darktable:history_end="2"');
    expect(text).toContain('<rdf:li darktable:operation="exposure" darktable:enabled="1" darktable:params="0000c03f"/>');
    expect(text).toContain('darktable:operation="colorin"');
    expect(again.syncXuntuKeywords([CAT, RED])).toBe(false);
  });

  it('removes a tag that no longer applies with its flat keyword, and only ours', () => {
    const p = XmpPacket.parse(DARKTABLE);
    p.syncXuntuKeywords([CAT, RED]);
    expect(p.syncXuntuKeywords([RED])).toBe(true);
    expect(XmpPacket.parse(p.serialize()).keywords()).toEqual({
      subject: ['family', 'Anna', '红'],
      hierarchical: ['People|Anna', 'Xuntu|颜色|红'],
    });
    expect(p.syncXuntuKeywords([])).toBe(true);
    expect(XmpPacket.parse(p.serialize()).keywords()).toEqual({ subject: ['family', 'Anna'], hierarchical: ['People|Anna'] });
  });

  it('keeps a flat keyword that another hierarchical keyword or another wanted tag still asserts', () => {
    const p = XmpPacket.parse(DARKTABLE);
    p.syncXuntuKeywords([{ set: 'Xuntu 人物', label: 'Anna' }, CAT, { set: '宠物', label: '猫' }]);
    p.syncXuntuKeywords([{ set: '宠物', label: '猫' }]);
    expect(XmpPacket.parse(p.serialize()).keywords()).toEqual({
      subject: ['family', 'Anna', '猫'],
      hierarchical: ['People|Anna', 'Xuntu|宠物|猫'],
    });
  });

  it('drops the properties it emptied instead of leaving empty bags', () => {
    const p = XmpPacket.create();
    p.syncXuntuKeywords([CAT]);
    p.syncXuntuKeywords([]);
    const text = p.serialize();
    expect(text).not.toContain('subject');
    expect(text).not.toContain('rdf:Bag');
  });

  it('writes a fresh packet with the namespaces declared', () => {
    const p = XmpPacket.create();
    expect(p.keywords()).toEqual({ subject: [], hierarchical: [] });
    p.syncXuntuKeywords([CAT]);
    const text = p.serialize();
    expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<x:xmpmeta xmlns:x="adobe:ns:meta\/"/);
    expect(text).toContain('xmlns:dc="http://purl.org/dc/elements/1.1/"');
    expect(text).toContain('xmlns:lr="http://ns.adobe.com/lightroom/1.0/"');
    expect(XmpPacket.parse(text).keywords()).toEqual({ subject: ['猫'], hierarchical: ['Xuntu|动物|猫'] });
  });

  it('declares a namespace where the packet lacks it, and works around a prefix bound to something else', () => {
    const p = XmpPacket.parse(packet('<rdf:Description rdf:about="" xmlns:lr="urn:not-lightroom" lr:x="1"/>'));
    p.syncXuntuKeywords([CAT]);
    const text = p.serialize();
    expect(text).toContain('xmlns:lr1="http://ns.adobe.com/lightroom/1.0/"');
    expect(text).toContain('lr:x="1"');
    expect(XmpPacket.parse(text).keywords()).toEqual({ subject: ['猫'], hierarchical: ['Xuntu|动物|猫'] });
  });

  it('reads rdf:Seq and rdf:Alt containers, bare values, attribute forms and keywords split over descriptions', () => {
    const p = XmpPacket.parse(
      packet(`<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" dc:subject="海边">
  <dc:subject><rdf:Seq><rdf:li>日落</rdf:li><rdf:li> </rdf:li></rdf:Seq></dc:subject>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:lr="http://ns.adobe.com/lightroom/1.0/">
  <dc:subject><rdf:Alt><rdf:li xml:lang="x-default">猫</rdf:li></rdf:Alt></dc:subject>
  <lr:hierarchicalSubject>地点|海南</lr:hierarchicalSubject>
</rdf:Description>`),
    );
    expect(p.keywords()).toEqual({ subject: ['海边', '日落', '猫'], hierarchical: ['地点|海南'] });
  });

  it('rewrites a keyword written in a non-standard form as one Bag when it has to change it', () => {
    const p = XmpPacket.parse(packet('<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" dc:subject="海边"/>'));
    p.syncXuntuKeywords([CAT]);
    const text = p.serialize();
    expect(text).not.toContain('dc:subject="');
    expect(XmpPacket.parse(text).keywords()).toEqual({ subject: ['海边', '猫'], hierarchical: ['Xuntu|动物|猫'] });
  });
});

describe('XmpPacket refuses what is not a safe XMP packet', () => {
  const malformed = (text: string) => {
    try {
      XmpPacket.parse(text);
    } catch (err) {
      return err as { code: string; message: string };
    }
    throw new Error('parsed');
  };

  it('refuses DOCTYPE and entity declarations (billion laughs, external entities)', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF ${RDF}><rdf:Description>&lol2;</rdf:Description></rdf:RDF></x:xmpmeta>`;
    const external = `<?xml version="1.0"?><!doctype x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x:xmpmeta xmlns:x="adobe:ns:meta/">&xxe;</x:xmpmeta>`;
    for (const text of [laughs, external]) {
      const err = malformed(text);
      expect(err.code).toBe('XMP_MALFORMED');
      expect(err.message).toMatch(/DOCTYPE/);
    }
  });

  it('reports XML that is not well-formed, and XML that is not XMP', () => {
    expect(malformed(packet('<rdf:Description><dc:subject></rdf:Description>'))).toMatchObject({ code: 'XMP_MALFORMED' });
    expect(malformed('')).toMatchObject({ code: 'XMP_MALFORMED' });
    expect(malformed('<x:xmpmeta xmlns:x="adobe:ns:meta/"/>')).toMatchObject({ code: 'XMP_MALFORMED', message: expect.stringMatching(/rdf:RDF/) });
    expect(malformed('<a>&unknown;</a>')).toMatchObject({ code: 'XMP_MALFORMED' });
  });
});
